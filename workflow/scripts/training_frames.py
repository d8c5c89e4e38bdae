from solidbench.job import setup_job
from solidbench.lattice import reference_lattice_constant
from solidbench.training_data import generate_frames

setup_job(snakemake)
seed = int(snakemake.wildcards.seed)
generate_frames(snakemake.input.deck, snakemake.input.record, snakemake.input.pair, snakemake.params.settings,
                snakemake.wildcards.recipe, seed, reference_lattice_constant(snakemake.input.lattice_0K),
                snakemake.params.element, snakemake.params.mass, snakemake.params.pressure, snakemake.params.timestep,
                snakemake.params.max_temperature, snakemake.output[0], snakemake.log[0])
