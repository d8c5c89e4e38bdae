from solidbench.lattice import reference_lattice_constant
from solidbench.training_data import generate_heating_frames

a0 = reference_lattice_constant(snakemake.input.lattice_0K)
generate_heating_frames(snakemake.input.deck, snakemake.input.pair, snakemake.params.recipe,
                        int(snakemake.wildcards.seed), a0, snakemake.params.element, snakemake.params.mass,
                        snakemake.params.pressure, snakemake.params.timestep, snakemake.params.max_temperature,
                        snakemake.output[0], snakemake.log[0])
