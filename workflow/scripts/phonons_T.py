from solidbench.job import setup_job
from solidbench.lammps_run import LammpsJob
from solidbench.lattice import reference_lattice_constant
from solidbench.spectra import finite_temperature_spectra

setup_job(snakemake)
out = snakemake.output
finite_temperature_spectra(LammpsJob.of(snakemake), snakemake.params.settings,
                           reference_lattice_constant(snakemake.input.lattice), float(snakemake.wildcards.T),
                           out.result, out.dos, out.sed_peaks, out.sed_spectra)
