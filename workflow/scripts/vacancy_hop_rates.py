from solidbench.hops import vacancy_md_summary
from solidbench.job import setup_job
from solidbench.results import log_quantities

setup_job(snakemake)
quantities = vacancy_md_summary(snakemake.input.hops, snakemake.input.mep, snakemake.wildcards.potential,
                                snakemake.output[0])
log_quantities(quantities)
