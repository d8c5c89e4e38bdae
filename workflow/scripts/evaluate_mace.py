import torch

from solidbench.mace_model import evaluate

torch.set_num_threads(snakemake.threads)
quantities = evaluate(snakemake.input.model, snakemake.input.test, f"mace-{snakemake.wildcards.recipe}",
                      snakemake.output.errors, snakemake.output.parity)
with open(snakemake.log[0], "w") as log:
    for name, q in quantities.items():
        log.write(f"{name} = {q['value']:.6g} {q['unit']}\n")
