from solidbench.phonons import compare_phonons_0k
from solidbench.results import log_quantities

quantities = compare_phonons_0k(snakemake.wildcards.potential, snakemake.input.dispersion, snakemake.input.dos,
                                snakemake.input.lj_dispersion, snakemake.input.lj_dos, snakemake.output[0])
log_quantities(snakemake.log[0], quantities)
