from solidbench.job import setup_job
from solidbench.lattice import reference_lattice_constant
from solidbench.planar import surfaces_benchmark
from solidbench.results import log_quantities

setup_job(snakemake)
log_quantities(surfaces_benchmark(snakemake.input.pair, snakemake.wildcards.potential,
                                  reference_lattice_constant(snakemake.input.lattice_0K), snakemake.params.settings,
                                  snakemake.output.result, snakemake.output.structures))
