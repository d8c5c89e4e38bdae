from pathlib import Path

from solidbench.job import setup_job
from solidbench.plugin_build import build

setup_job(snakemake)
build(Path(snakemake.input.sources[0]).parent, snakemake.output[0], snakemake.log[0])
