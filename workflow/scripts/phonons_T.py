from solidbench.job import setup_job
from solidbench.lattice import reference_lattice_constant
from solidbench.spectra import finite_temperature_spectra

setup_job(snakemake)
s = snakemake.params.spectra
out = snakemake.output
a = reference_lattice_constant(snakemake.input.lattice)
finite_temperature_spectra(snakemake.input.deck, snakemake.input.pair, snakemake.wildcards.potential, a, s["cells"],
                           snakemake.params.mass, float(snakemake.wildcards.T), snakemake.params.timestep,
                           s["seed"], s["nvt_steps"], s["nve_steps"], s["dump_every"], s["max_lag_ps"],
                           s["sed_segments"], s["sed_fit_window"], snakemake.params.max_temperature, out.result,
                           out.dos, out.sed_peaks, out.sed_spectra, snakemake.log[0], threads=snakemake.threads)
