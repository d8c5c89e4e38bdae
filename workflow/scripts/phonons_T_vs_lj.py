from solidbench.job import setup_job
from solidbench.phonons import pdos_overlap_csv
from solidbench.results import REFERENCE, log_quantities, quantity, write_result

setup_job(snakemake)
overlap = pdos_overlap_csv(snakemake.input.dos, snakemake.input.lj_dos)
quantities = [quantity("pdos_overlap", overlap, "1", temperature=float(snakemake.wildcards.T))]
write_result(snakemake.output[0], snakemake.wildcards.potential, "phonons_T", quantities, reference=REFERENCE)
log_quantities(quantities)
