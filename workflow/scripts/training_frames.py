from solidbench.job import setup_job
from solidbench.lammps_run import LammpsJob
from solidbench.lattice import reference_lattice_constant
from solidbench.training_data import generate_frames

setup_job(snakemake)
generate_frames(LammpsJob.of(snakemake), snakemake.input.record, snakemake.params.run,
                reference_lattice_constant(snakemake.input.lattice_0K), snakemake.output[0])
