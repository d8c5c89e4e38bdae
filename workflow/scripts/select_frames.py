import logging

from solidbench.calculator import LammpsCalculator
from solidbench.job import setup_job
from solidbench.selection import choose_frames

setup_job(snakemake)
settings = snakemake.params.settings
with LammpsCalculator(snakemake.input.reference, {settings.element: settings.md.mass}) as reference:
    table = choose_frames(snakemake.input.pool, snakemake.input.models, reference, snakemake.params.selection,
                          settings, snakemake.wildcards.recipe, snakemake.output.selected, snakemake.output.table)
logging.info("pool by configuration:\n" + table.groupby("configuration")[
    ["disagreement", "force_error", "eligible", "chosen"]].agg(["mean", "max", "sum"]).to_string())
