import logging

from solidbench.job import setup_job
from solidbench.phonons import pdos_overlap_csv
from solidbench.results import quantity, write_result

setup_job(snakemake)
overlap = pdos_overlap_csv(snakemake.input.dos, snakemake.input.lj_dos)
write_result(snakemake.output[0], snakemake.wildcards.potential, "phonons_T",
             {f"pdos_overlap_{snakemake.wildcards.T}K": quantity(overlap, "1")}, reference="lj")
logging.info(f"pdos_overlap_{snakemake.wildcards.T}K = {overlap:.6f}")
