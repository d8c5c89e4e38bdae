from solidbench.hops import hop_md
from solidbench.job import setup_job
from solidbench.lattice import reference_lattice_constant

setup_job(snakemake)
md = snakemake.params.md
hop_md(snakemake.input.deck, snakemake.input.pair, snakemake.wildcards.potential,
       reference_lattice_constant(snakemake.input.lattice_0K), snakemake.params.cells, snakemake.params.mass,
       float(snakemake.wildcards.T), snakemake.params.timestep, md["seed"], md["equil_steps"], md["steps"],
       md["dump_every"], md["dwell_ps"], snakemake.params.max_temperature, snakemake.output.result,
       snakemake.output.trajectory, snakemake.log[0], threads=snakemake.threads)
