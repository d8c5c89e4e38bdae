from solidbench.interstitial import interstitial_at_0K
from solidbench.job import setup_job
from solidbench.lattice import reference_lattice_constant
from solidbench.results import log_quantities

setup_job(snakemake)
log_quantities(interstitial_at_0K(snakemake.input.pair, snakemake.wildcards.potential,
                                  reference_lattice_constant(snakemake.input.lattice_0K), snakemake.params.settings,
                                  snakemake.output.result, snakemake.output.structures))
