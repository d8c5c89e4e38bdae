from solidbench.plots import plot_equation_of_state

plot_equation_of_state(snakemake.params.potentials, snakemake.input.curves, snakemake.input.results, snakemake.output[0])
open(snakemake.log[0], "w").write(f"wrote {snakemake.output[0]}\n")
