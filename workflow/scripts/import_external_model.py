import logging

from solidbench.job import setup_job
from solidbench.mace_model import import_external_model

setup_job(snakemake)
import_external_model(snakemake.input[0], snakemake.params.element, snakemake.params.md_dtype,
                      snakemake.output.model, snakemake.output.lammps_model)
logging.info(f"imported {snakemake.input[0]} as {snakemake.output.model}")
