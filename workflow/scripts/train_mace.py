from solidbench.mace_model import train

train(snakemake.params.mace, snakemake.input.train, snakemake.output.model, snakemake.output.lammps_model,
      snakemake.log[0], threads=snakemake.threads)
