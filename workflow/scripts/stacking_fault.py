from solidbench.job import setup_job
from solidbench.lattice import reference_lattice_constant
from solidbench.planar import stacking_fault_benchmark
from solidbench.results import log_quantities

setup_job(snakemake)
out = snakemake.output
log_quantities(stacking_fault_benchmark(snakemake.input.pair, snakemake.wildcards.potential,
                                        reference_lattice_constant(snakemake.input.lattice_0K),
                                        snakemake.params.settings, out.result, out.curve, out.structures))
