from solidbench.job import setup_job
from solidbench.lattice import reference_lattice_constant
from solidbench.phonons import phonons_0k
from solidbench.results import log_quantities

setup_job(snakemake)
quantities = phonons_0k(snakemake.input.pair, snakemake.wildcards.potential,
                        reference_lattice_constant(snakemake.input.lattice_0K), snakemake.params.settings,
                        snakemake.output.result, snakemake.output.dispersion, snakemake.output.dos)
log_quantities(quantities)
