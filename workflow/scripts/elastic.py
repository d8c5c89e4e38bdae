from solidbench.elastic import elastic_benchmark
from solidbench.job import setup_job
from solidbench.results import log_quantities

setup_job(snakemake)
log_quantities(elastic_benchmark(snakemake.input.pair, snakemake.wildcards.potential, snakemake.input.lattice_0K,
                                 snakemake.params.settings, snakemake.output[0]))
