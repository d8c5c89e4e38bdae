from solidbench.job import setup_job
from solidbench.lattice import reference_lattice_constant
from solidbench.results import log_quantities
from solidbench.vacancy import vacancy_at_0K

setup_job(snakemake)
out = snakemake.output
quantities = vacancy_at_0K(snakemake.input.pair, snakemake.wildcards.potential,
                           reference_lattice_constant(snakemake.input.lattice_0K), snakemake.params.settings,
                           out.static, out.mep, out.path, out.structures)
log_quantities(quantities)
