from solidbench.job import setup_job
from solidbench.novelty import novelty_benchmark

setup_job(snakemake)
i = snakemake.input
novelty_benchmark(i.model, i.train, i.test, i.lattice_0K, i.dimer, i.lj_structures, i.own_structures, snakemake.params.eos,
                  snakemake.output[0])
