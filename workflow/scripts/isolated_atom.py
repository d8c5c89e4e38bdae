from solidbench.job import setup_job
from solidbench.lattice import isolated_atom
from solidbench.results import log_quantities

setup_job(snakemake)
quantities = isolated_atom(snakemake.input.pair, snakemake.wildcards.potential, snakemake.params.element,
                           snakemake.params.mass, snakemake.output[0])
log_quantities(quantities)
