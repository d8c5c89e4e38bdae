from solidbench.job import setup_job
from solidbench.lattice import equation_of_state
from solidbench.results import log_quantities

setup_job(snakemake)
eos = snakemake.params.eos
quantities = equation_of_state(snakemake.input.pair, snakemake.wildcards.potential, snakemake.input.lattice_0K,
                               snakemake.input.isolated_atom, snakemake.params.cells, snakemake.params.element,
                               snakemake.params.mass, eos["strain"], eos["points"], eos["form"],
                               snakemake.output.result, snakemake.output.curve)
log_quantities(quantities)
