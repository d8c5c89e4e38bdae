import logging

from solidbench.job import setup_job
from solidbench.plots import plot_arrhenius

setup_job(snakemake)
plot_arrhenius(snakemake.params.potentials, snakemake.input.results, snakemake.output[0])
logging.info(f"wrote {snakemake.output[0]}")
