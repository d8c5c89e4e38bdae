from solidbench.job import lammps_job, setup_job
from solidbench.lattice import lattice_npt, reference_lattice_constant

setup_job(snakemake)
lattice_npt(lammps_job(snakemake), snakemake.params.settings, reference_lattice_constant(snakemake.input.lattice_0K),
            float(snakemake.wildcards.T), snakemake.output.result, snakemake.output.series)
