import logging

from solidbench.job import setup_job
from solidbench.plots import plot_pdos_temperatures

setup_job(snakemake)
plot_pdos_temperatures(snakemake.params.potentials, snakemake.params.temperatures, snakemake.input.dos_0K,
                       snakemake.input.dos, snakemake.output[0])
logging.info(f"wrote {snakemake.output[0]}")
