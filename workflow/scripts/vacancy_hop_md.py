from solidbench.hops import hop_md
from solidbench.job import lammps_job, setup_job
from solidbench.lattice import reference_lattice_constant

setup_job(snakemake)
hop_md(lammps_job(snakemake), snakemake.params.settings, reference_lattice_constant(snakemake.input.lattice_0K),
       float(snakemake.wildcards.T), snakemake.output.result, snakemake.output.trajectory)
