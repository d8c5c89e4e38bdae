from solidbench.job import setup_job
from solidbench.lattice import equation_of_state
from solidbench.results import log_quantities

setup_job(snakemake)
quantities = equation_of_state(snakemake.input.pair, snakemake.wildcards.potential, snakemake.input.lattice_0K,
                               snakemake.input.isolated_atom, snakemake.params.settings, snakemake.output.result,
                               snakemake.output.curve)
log_quantities(quantities)
