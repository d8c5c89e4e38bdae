import logging

from solidbench.job import setup_job
from solidbench.plots import plot_phonons_0k

setup_job(snakemake)
plot_phonons_0k(snakemake.params.potentials, snakemake.input.dispersion, snakemake.input.dos, snakemake.input.result,
                snakemake.output[0])
logging.info(f"wrote {snakemake.output[0]}")
