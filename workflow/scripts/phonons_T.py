from solidbench.io import read_json
from solidbench.spectra import finite_temperature_pdos

s = snakemake.params.spectra
a = read_json(snakemake.input.lattice)["lattice_constant"]
finite_temperature_pdos(snakemake.input.deck, snakemake.input.pair, snakemake.wildcards.potential, a, s["cells"],
                        snakemake.params.mass, float(snakemake.wildcards.T), snakemake.params.timestep, s["seed"],
                        s["nvt_steps"], s["nve_steps"], s["dump_every"], s["max_lag_ps"],
                        snakemake.params.max_temperature, snakemake.output.result, snakemake.output.dos,
                        snakemake.log[0], threads=snakemake.threads)
