from solidbench.plots import plot_pdos_temperatures

plot_pdos_temperatures(snakemake.params.potentials, snakemake.params.temperatures, snakemake.input.dos_0K,
                       snakemake.input.dos, snakemake.output[0])
open(snakemake.log[0], "w").write(f"wrote {snakemake.output[0]}\n")
