from solidbench.job import setup_job
from solidbench.lattice import lattice_npt, reference_lattice_constant

setup_job(snakemake)
md = snakemake.params.md
a0 = reference_lattice_constant(snakemake.input.lattice_0K)
lattice_npt(snakemake.input.deck, snakemake.input.pair, snakemake.wildcards.potential, a0,
            snakemake.params.cells, snakemake.params.mass, float(snakemake.wildcards.T),
            snakemake.params.pressure, snakemake.params.timestep, md["seed"], md["equil_steps"],
            md["prod_steps"], md["sample_every"], snakemake.params.max_temperature,
            snakemake.output.result, snakemake.output.series, snakemake.log[0], threads=snakemake.threads)
