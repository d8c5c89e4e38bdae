import torch  # noqa: F401  (loaded first, so that setup_job sets its thread count)

from solidbench.job import setup_job
from solidbench.mace_model import evaluate
from solidbench.results import log_quantities

setup_job(snakemake)
quantities = evaluate(snakemake.input.model, snakemake.input.test, f"mace-{snakemake.wildcards.recipe}",
                      snakemake.output.errors, snakemake.output.parity)
log_quantities(quantities)
