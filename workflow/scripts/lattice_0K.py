from solidbench.job import setup_job
from solidbench.lammps_run import LammpsJob
from solidbench.lattice import lattice_0k

setup_job(snakemake)
lattice_0k(LammpsJob.of(snakemake), snakemake.params.a_guess, snakemake.params.cells, snakemake.params.mass,
           snakemake.input.isolated_atom, snakemake.output[0])
