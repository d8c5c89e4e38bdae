import torch  # noqa: F401  (loaded first, so that setup_job sets its thread count)

from solidbench.job import setup_job
from solidbench.mace_model import evaluate
from solidbench.plots import plot_parity
from solidbench.results import log_quantities

setup_job(snakemake)
potential = f"mace-{snakemake.wildcards.recipe}"
quantities = evaluate(snakemake.input.model, snakemake.input.test, potential, snakemake.output.errors,
                      snakemake.output.parity_data)
plot_parity(snakemake.output.parity_data, potential, snakemake.output.parity)
log_quantities(quantities)
