from solidbench.hops import vacancy_md_summary
from solidbench.results import log_quantities

quantities = vacancy_md_summary(snakemake.input.hops, snakemake.input.mep, snakemake.wildcards.potential,
                                snakemake.output[0])
log_quantities(snakemake.log[0], quantities)
