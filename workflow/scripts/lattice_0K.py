from solidbench.job import setup_job
from solidbench.lattice import lattice_0k

setup_job(snakemake)
lattice_0k(snakemake.input.deck, snakemake.input.pair, snakemake.wildcards.potential,
           snakemake.params.a_guess, snakemake.params.cells, snakemake.params.mass,
           snakemake.input.isolated_atom, snakemake.output[0], snakemake.log[0])
