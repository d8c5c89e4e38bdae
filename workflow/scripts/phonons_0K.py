from solidbench.job import setup_job
from solidbench.lattice import reference_lattice_constant
from solidbench.phonons import phonons_0k
from solidbench.results import log_quantities

setup_job(snakemake)
p = snakemake.params.phonons
a = reference_lattice_constant(snakemake.input.lattice_0K)
quantities = phonons_0k(snakemake.input.pair, snakemake.wildcards.potential, a, snakemake.params.element,
                        snakemake.params.mass, p["supercell"], p["displacement"], p["mesh"], p["dos_pitch"],
                        p["band_points"], p["hessian_cells"], p["hessian_step"], snakemake.output.result,
                        snakemake.output.dispersion, snakemake.output.dos)
log_quantities(quantities)
