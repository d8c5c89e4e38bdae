import logging

from solidbench.job import setup_job
from solidbench.training_data import concatenate_extxyz

setup_job(snakemake)
for role in ("train", "test"):
    n = concatenate_extxyz(snakemake.input[role], snakemake.output[role])
    logging.info(f"{role}: {n} frames from {len(snakemake.input[role])} seeds")
