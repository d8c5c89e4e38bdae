from solidbench.mace_model import train

train(snakemake.params.mace, snakemake.input.train, snakemake.output[0], snakemake.log[0], threads=snakemake.threads)
