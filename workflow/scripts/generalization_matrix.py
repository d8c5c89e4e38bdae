import logging

from solidbench.job import setup_job
from solidbench.plots import plot_generalization_matrix
from solidbench.report import write_summary_markdown

setup_job(snakemake)
write_summary_markdown(snakemake.input.summary, snakemake.input.comparison, snakemake.output.markdown)
plot_generalization_matrix(snakemake.input.summary, snakemake.input.comparison, snakemake.output.figure)
logging.info(f"wrote {snakemake.output.markdown} and {snakemake.output.figure}")
