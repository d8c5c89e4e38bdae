import logging

from solidbench.job import setup_job
from solidbench.potentials import lj_pair_lines, write_pair_include

setup_job(snakemake)
lj = snakemake.params.lj
lines = lj_pair_lines(lj["epsilon"], lj["sigma"], lj["cutoff"], lj["cutoff_treatment"])
write_pair_include(snakemake.output[0], lines, f"Lennard-Jones argon, cutoff treatment: {lj['cutoff_treatment']}")
logging.info("\n".join(lines))
