import torch

from solidbench.mace_model import evaluate
from solidbench.results import log_quantities

torch.set_num_threads(snakemake.threads)
quantities = evaluate(snakemake.input.model, snakemake.input.test, f"mace-{snakemake.wildcards.recipe}",
                      snakemake.output.errors, snakemake.output.parity)
log_quantities(snakemake.log[0], quantities)
