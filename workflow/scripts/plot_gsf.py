import logging

from solidbench.job import setup_job
from solidbench.plots import plot_gsf

setup_job(snakemake)
plot_gsf(snakemake.params.potentials, snakemake.input.curves, snakemake.output[0])
logging.info(f"wrote {snakemake.output[0]}")
