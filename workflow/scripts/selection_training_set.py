import logging

from solidbench.job import setup_job
from solidbench.training_data import concatenate_extxyz

setup_job(snakemake)
train = concatenate_extxyz([snakemake.input.previous, snakemake.input.selected], snakemake.output.train)
test = concatenate_extxyz([snakemake.input.test], snakemake.output.test)
logging.info(f"train: {train} frames (the previous round's and the chosen ones); test: the base recipe's {test}")
