from solidbench.plots import plot_phonons_0k

plot_phonons_0k(snakemake.params.potentials, snakemake.input.dispersion, snakemake.input.dos, snakemake.input.result,
                snakemake.output[0])
open(snakemake.log[0], "w").write(f"wrote {snakemake.output[0]}\n")
