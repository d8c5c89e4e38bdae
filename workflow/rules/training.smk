# Training data from LJ MD (one LAMMPS run per recipe and seed), MACE training, export, held-out
# errors and, with mace.committee > 1, the committee disagreement. External models are imported
# instead of trained.


rule training_frames:
    input:
        pair=results("potentials/lj/pair.lmp"),
        deck=lambda w: DECKS / f"training_{RECIPES[w.recipe]['protocol']}.lmp",
        record=DECKS / "training_record.lmp",
        crystal=DECKS / "crystal.lmp",  # included by the deck
        lattice_0K=results("lattice/lj/lattice_0K.json"),
        code=package_code("training_frames.py"),
    output:
        results("training/{recipe}/seed{seed}.extxyz"),
    wildcard_constraints:
        recipe=one_of(SIMULATED),
    params:
        run=lambda w: TrainingRun.from_config(config, w.recipe, int(w.seed),
                                              training_runs(RECIPES[w.recipe])[int(w.seed)]),
    benchmark:
        results("benchmarks/training_frames/training_{recipe}_seed{seed}.tsv"),
    log:
        results("logs/training/{recipe}/seed{seed}.lammps.log"),
    resources:
        runtime=30,
    script:
        "../scripts/training_frames.py"


rule training_split:
    input:
        train=lambda w: expand(results("training/{{recipe}}/seed{seed}.extxyz"), seed=training_seeds(RECIPES[w.recipe])),
        test=lambda w: expand(results("training/{{recipe}}/seed{seed}.extxyz"), seed=RECIPES[w.recipe]["test_seeds"]),
        code=package_code("training_split.py"),
    output:
        train=results("training/{recipe}/train.extxyz"),
        test=results("training/{recipe}/test.extxyz"),
    wildcard_constraints:
        recipe=one_of(SIMULATED),
    benchmark:
        results("benchmarks/training_split/training_{recipe}_split.tsv"),
    log:
        results("logs/training/{recipe}/split.log"),
    script:
        "../scripts/training_split.py"


rule train_mace:
    input:
        train=results("training/{recipe}/train.extxyz"),
        reference_atom=results("lattice/lj/isolated_atom.json"),
        code=package_code("train_mace.py"),
    output:
        model=results("models/mace-{recipe}/model.model"),
        lammps_model=results("models/mace-{recipe}/model-lammps.pt"),
    params:
        mace=lambda w: model_hyperparameters(config, RECIPES[w.recipe]),
        element=config["element"],
    threads: 2
    resources:
        mem_mb=4000,
        runtime=240,
    benchmark:
        results("benchmarks/train_mace/models_mace-{recipe}_train.tsv"),
    log:
        results("logs/models/mace-{recipe}/train.log"),
    script:
        "../scripts/train_mace.py"


rule import_external_model:
    input:
        lambda w: EXTERNAL_MODELS[w.external]["path"],
        code=package_code("import_external_model.py"),
    output:
        model=results("models/mace-{external}/model.model"),
        lammps_model=results("models/mace-{external}/model-lammps.pt"),
    params:
        element=config["element"],
        md_dtype=config["mace"]["md_dtype"],
    benchmark:
        results("benchmarks/import_external_model/models_mace-{external}_import.tsv"),
    log:
        results("logs/models/mace-{external}/import.log"),
    script:
        "../scripts/import_external_model.py"


rule evaluate_mace:
    input:
        model=results("models/mace-{recipe}/model.model"),
        test=results("training/{recipe}/test.extxyz"),
        code=package_code("evaluate_mace.py"),
    output:
        errors=results("models/mace-{recipe}/errors.json"),
        parity_data=results("models/mace-{recipe}/parity.csv"),
        parity=report(results("models/mace-{recipe}/parity.png"), caption="../report/parity.rst", category="Training"),
    threads: 2
    benchmark:
        results("benchmarks/evaluate_mace/models_mace-{recipe}_evaluate.tsv"),
    log:
        results("logs/models/mace-{recipe}/evaluate.log"),
    script:
        "../scripts/evaluate_mace.py"


def committee_member_hyperparameters(wildcards):
    """Committee member k is the recipe's model trained with seed + k."""
    model = model_hyperparameters(config, RECIPES[wildcards.recipe])
    return {**model, "seed": model["seed"] + int(wildcards.member)}


# the recipe's model again with another seed: train_mace's job without the export
use rule train_mace as train_committee_member with:
    output:
        model=results("models/mace-{recipe}/committee/member{member}.model"),
    params:
        mace=committee_member_hyperparameters,
        element=config["element"],
    benchmark:
        results("benchmarks/train_committee_member/models_mace-{recipe}_committee_member{member}.tsv"),
    log:
        results("logs/models/mace-{recipe}/committee_member{member}.log"),


rule committee_disagreement:
    input:
        members=lambda w: [results(f"models/mace-{w.recipe}/model.model")]
        + [results(f"models/mace-{w.recipe}/committee/member{k}.model") for k in range(1, COMMITTEE)],
        train=results("training/{recipe}/train.extxyz"),
        structures=results("vacancy/lj/vacancy_structures.extxyz"),
        lattice_0K=results("lattice/lj/lattice_0K.json"),
        code=package_code("committee_disagreement.py"),
    output:
        results("models/mace-{recipe}/committee.json"),
    params:
        cells=config["vacancy"]["cells"],
        element=config["element"],
    threads: 2
    benchmark:
        results("benchmarks/committee_disagreement/models_mace-{recipe}_committee.tsv"),
    log:
        results("logs/models/mace-{recipe}/committee.log"),
    script:
        "../scripts/committee_disagreement.py"
