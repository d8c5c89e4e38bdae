import logging
from pathlib import Path

from solidbench.job import setup_job
from solidbench.potentials import mace_pair_lines, write_pair_include

setup_job(snakemake)
# files named relative to the pair file: a moved or copied results/<run>/ keeps working
lines = mace_pair_lines(snakemake.input.model, snakemake.input.plugin, [snakemake.params.element],
                        relative_to=Path(snakemake.output[0]).parent)
write_pair_include(snakemake.output[0], lines, f"MACE model {snakemake.wildcards.potential} through pair_style mace")
logging.info("\n".join(lines))
