from solidbench.io import read_json
from solidbench.lattice import lattice_npt

md = snakemake.params.md
a0 = read_json(snakemake.input.lattice_0K)["quantities"]["lattice_constant"]["value"]
lattice_npt(snakemake.input.deck, snakemake.input.pair, snakemake.wildcards.potential, a0,
            snakemake.params.cells, snakemake.params.mass, float(snakemake.wildcards.T),
            snakemake.params.pressure, snakemake.params.timestep, md["seed"], md["equil_steps"],
            md["prod_steps"], md["sample_every"], snakemake.params.max_temperature,
            snakemake.output.result, snakemake.output.series, snakemake.log[0], threads=snakemake.threads)
