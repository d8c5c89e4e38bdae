from solidbench.hops import hop_md
from solidbench.job import setup_job
from solidbench.lammps_run import LammpsJob
from solidbench.lattice import reference_lattice_constant

setup_job(snakemake)
hop_md(LammpsJob.of(snakemake), snakemake.params.settings, reference_lattice_constant(snakemake.input.lattice_0K),
       float(snakemake.wildcards.T), snakemake.output.result, snakemake.output.trajectory)
