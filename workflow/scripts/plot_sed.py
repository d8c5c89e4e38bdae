import logging

from solidbench.job import setup_job
from solidbench.plots import plot_sed

setup_job(snakemake)
plot_sed(snakemake.params.potentials, snakemake.wildcards.T, snakemake.input.peaks, snakemake.input.spectra,
         snakemake.output[0])
logging.info(f"wrote {snakemake.output[0]}")
