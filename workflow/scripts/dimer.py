from solidbench.dimer import dimer_benchmark
from solidbench.job import setup_job
from solidbench.results import log_quantities

setup_job(snakemake)
log_quantities(dimer_benchmark(snakemake.input.pair, snakemake.wildcards.potential, snakemake.input.isolated_atom,
                               snakemake.params.settings, snakemake.output.result, snakemake.output.curve))
