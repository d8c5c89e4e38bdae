# Training data from LJ MD (one LAMMPS run per seed), MACE training, export and held-out errors.


def recipe_params(wildcards):
    return RECIPES[wildcards.recipe]


rule training_frames:
    input:
        pair="results/potentials/lj/pair.lmp",
        deck=DECKS / "training_heating.lmp",
        lattice_0K="results/lattice/lj/lattice_0K.json",
    output:
        "results/training/{recipe}/seed{seed}.extxyz",
    params:
        recipe=recipe_params,
        element=config["element"],
        mass=config["mass"],
        pressure=config["pressure"],
        timestep=config["timestep"],
        max_temperature=config["md_guard"]["max_temperature"],
    log:
        "results/logs/training/{recipe}/seed{seed}.lammps.log",
    resources:
        runtime=30,
    script:
        "../scripts/training_frames.py"


rule training_split:
    input:
        train=lambda w: expand("results/training/{{recipe}}/seed{seed}.extxyz", seed=RECIPES[w.recipe]["train_seeds"]),
        test=lambda w: expand("results/training/{{recipe}}/seed{seed}.extxyz", seed=RECIPES[w.recipe]["test_seeds"]),
    output:
        train="results/training/{recipe}/train.extxyz",
        test="results/training/{recipe}/test.extxyz",
    log:
        "results/logs/training/{recipe}/split.log",
    script:
        "../scripts/training_split.py"


rule train_mace:
    input:
        train="results/training/{recipe}/train.extxyz",
    output:
        model="results/models/mace-{recipe}/model.model",
        lammps_model="results/models/mace-{recipe}/model-lammps.pt",
    params:
        mace=config["mace"],
    threads: 2
    resources:
        mem_mb=4000,
        runtime=240,
    log:
        "results/logs/models/mace-{recipe}/train.log",
    script:
        "../scripts/train_mace.py"


rule evaluate_mace:
    input:
        model="results/models/mace-{recipe}/model.model",
        test="results/training/{recipe}/test.extxyz",
    output:
        errors="results/models/mace-{recipe}/errors.json",
        parity=report("results/models/mace-{recipe}/parity.png", caption="../report/parity.rst", category="Training"),
    threads: 2
    log:
        "results/logs/models/mace-{recipe}/evaluate.log",
    script:
        "../scripts/evaluate_mace.py"
