from solidbench.committee import committee_disagreement
from solidbench.job import setup_job
from solidbench.lattice import reference_lattice_constant
from solidbench.results import log_quantities

setup_job(snakemake)
quantities = committee_disagreement(snakemake.input.members, snakemake.input.train, snakemake.input.structures,
                                    reference_lattice_constant(snakemake.input.lattice_0K), snakemake.params.cells,
                                    snakemake.params.element, f"mace-{snakemake.wildcards.recipe}", snakemake.output[0])
log_quantities(quantities)
