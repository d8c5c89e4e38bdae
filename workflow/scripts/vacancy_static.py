from solidbench.job import setup_job
from solidbench.lattice import reference_lattice_constant
from solidbench.results import log_quantities
from solidbench.vacancy import vacancy_at_0K

setup_job(snakemake)
v = snakemake.params.vacancy
quantities = vacancy_at_0K(snakemake.input.pair, snakemake.wildcards.potential,
                           reference_lattice_constant(snakemake.input.lattice_0K), v["cells"],
                           snakemake.params.element, snakemake.params.mass, v["relax_fmax"], v["images"],
                           v["path_fmax"], v["hessian_step"], snakemake.output.static,
                           snakemake.output.mep, snakemake.output.path, snakemake.output.structures)
log_quantities(quantities)
