# solidbench: does a machine-learned force field describe solid-state physics it never saw?
# Entry point: `snakemake --profile profiles/default` (see README.md).

from pathlib import Path

configfile: Path(workflow.basedir) / "config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/reference.smk"
include: "workflow/rules/training.smk"
include: "workflow/rules/plugin.smk"
include: "workflow/rules/phonons.smk"
include: "workflow/rules/vacancy.smk"
include: "workflow/rules/unseen.smk"
include: "workflow/rules/selection.smk"
include: "workflow/rules/summary.smk"


rule all:
    input:
        results("summary.csv"),
        results("comparison.csv"),
        results("summary.md"),
        results("generalization_matrix.png"),
        results("lattice/eos.png"),
        results("phonons/phonons_0K.png"),
        results("phonons/pdos_T.png"),
        expand(results("phonons/sed_{T}K.png"), T=TEMPERATURES),
        results("vacancy/migration_path.png"),
        results("vacancy/arrhenius.png"),
        results("dimer/dimer.png"),
        results("stacking_fault/gsf.png"),
        results("novelty/error_vs_novelty.png"),
        results("selection/selection_curve.png") if SELECTED else [],
