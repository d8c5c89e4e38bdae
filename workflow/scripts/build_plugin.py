from pathlib import Path

from solidbench.plugin_build import build

build(Path(snakemake.input.sources[0]).parent, snakemake.output[0], snakemake.log[0])
