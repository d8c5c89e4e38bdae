import logging

from solidbench.job import setup_job
from solidbench.lammps_run import LammpsJob
from solidbench.selection import pool_starts, run_pool

setup_job(snakemake)
settings = snakemake.params.settings
starts = pool_starts(snakemake.input.structures, settings.configurations, settings.min_lateral)
count = run_pool(LammpsJob.of(snakemake), starts, settings, snakemake.output[0])
logging.info(f"{count} candidate frames from {len(starts)} configurations at {len(settings.temperatures)} temperatures")
