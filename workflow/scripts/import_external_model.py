from solidbench.mace_model import import_external_model

import_external_model(snakemake.input[0], snakemake.params.element, snakemake.params.md_dtype,
                      snakemake.output.model, snakemake.output.lammps_model)
open(snakemake.log[0], "w").write(f"imported {snakemake.input[0]} as {snakemake.output.model}\n")
