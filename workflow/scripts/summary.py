import logging

from solidbench.job import setup_job
from solidbench.results import collect_summary, compare_to_reference

setup_job(snakemake)
table = collect_summary(snakemake.input.results, snakemake.output.summary)
comparison = compare_to_reference(table, snakemake.output.comparison)
logging.info("\n" + table.to_string(index=False) + "\n\n" + comparison.to_string(index=False))
