from solidbench.job import setup_job
from solidbench.mace_model import export_for_lammps, train_with_reference

setup_job(snakemake)
train_with_reference(snakemake.params.mace, snakemake.params.element, snakemake.input.reference_atom,
                     snakemake.input.train, snakemake.output.model, snakemake.log[0], threads=snakemake.threads)
if "lammps_model" in snakemake.output.keys():  # committee members (train_committee_member) are not exported
    export_for_lammps(snakemake.output.model, snakemake.params.mace["md_dtype"], snakemake.output.lammps_model)
