from solidbench.job import setup_job
from solidbench.phonons import compare_phonons_0k
from solidbench.results import log_quantities

setup_job(snakemake)
quantities = compare_phonons_0k(snakemake.wildcards.potential, snakemake.input.dispersion, snakemake.input.dos,
                                snakemake.input.lj_dispersion, snakemake.input.lj_dos, snakemake.output[0])
log_quantities(quantities)
