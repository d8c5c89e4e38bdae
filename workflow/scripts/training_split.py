from solidbench.training_data import concatenate_extxyz

with open(snakemake.log[0], "w") as log:
    for role in ("train", "test"):
        n = concatenate_extxyz(snakemake.input[role], snakemake.output[role])
        log.write(f"{role}: {n} frames from {len(snakemake.input[role])} seeds\n")
