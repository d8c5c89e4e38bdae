from solidbench.mace_model import export_for_lammps, train

train(snakemake.params.mace, snakemake.input.train, snakemake.output.model, snakemake.log[0], threads=snakemake.threads)
export_for_lammps(snakemake.output.model, snakemake.params.mace["md_dtype"], snakemake.output.lammps_model)
