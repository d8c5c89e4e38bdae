from solidbench.plots import plot_sed

plot_sed(snakemake.params.potentials, snakemake.wildcards.T, snakemake.input.peaks, snakemake.input.spectra,
         snakemake.output[0])
open(snakemake.log[0], "w").write(f"wrote {snakemake.output[0]}\n")
