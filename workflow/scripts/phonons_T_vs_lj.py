from solidbench.job import setup_job
from solidbench.phonons import pdos_overlap_csv
from solidbench.results import log_quantities, quantity, write_result

setup_job(snakemake)
overlap = pdos_overlap_csv(snakemake.input.dos, snakemake.input.lj_dos)
quantities = {f"pdos_overlap_{snakemake.wildcards.T}K": quantity(overlap, "1")}
write_result(snakemake.output[0], snakemake.wildcards.potential, "phonons_T", quantities, reference="lj")
log_quantities(quantities)
