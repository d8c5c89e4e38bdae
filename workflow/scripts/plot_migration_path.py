from solidbench.plots import plot_migration_path

plot_migration_path(snakemake.params.potentials, snakemake.input, snakemake.output[0])
open(snakemake.log[0], "w").write(f"wrote {snakemake.output[0]}\n")
