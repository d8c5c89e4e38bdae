import logging

from solidbench.job import setup_job
from solidbench.plots import plot_equation_of_state

setup_job(snakemake)
plot_equation_of_state(snakemake.params.potentials, snakemake.input.curves, snakemake.input.results, snakemake.output[0])
logging.info(f"wrote {snakemake.output[0]}")
