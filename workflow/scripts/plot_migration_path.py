import logging

from solidbench.job import setup_job
from solidbench.plots import plot_migration_path

setup_job(snakemake)
plot_migration_path(snakemake.params.potentials, snakemake.input.paths, snakemake.output[0])
logging.info(f"wrote {snakemake.output[0]}")
