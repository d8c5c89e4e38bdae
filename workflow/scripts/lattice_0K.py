from solidbench.job import lammps_job, setup_job
from solidbench.lattice import lattice_0k

setup_job(snakemake)
lattice_0k(lammps_job(snakemake), snakemake.params.a_guess, snakemake.params.cells, snakemake.params.mass,
           snakemake.input.isolated_atom, snakemake.output[0])
