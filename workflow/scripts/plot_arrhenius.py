from solidbench.plots import plot_arrhenius

plot_arrhenius(snakemake.params.potentials, snakemake.input, snakemake.output[0])
open(snakemake.log[0], "w").write(f"wrote {snakemake.output[0]}\n")
