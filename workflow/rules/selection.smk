# Data selection: each round of a `select:` recipe runs MD of the pool's configurations with the previous
# round's model (the base recipe's for round 1), scores the frames (committee disagreement, or the random
# control), labels the chosen ones with LJ and retrains on the previous training set plus them.


def selection_models(wildcards):
    """The models that score round r's pool: the previous round's model and, for a committee round,
    its members (the same data, seeds seed+1, ...)."""
    choice = SELECTED[wildcards.recipe]
    previous = f"models/mace-{choice['previous']}"
    members = range(1, config["selection"]["committee"]) if choice["method"] == "committee" else []
    return [results(f"{previous}/model.model")] + [results(f"{previous}/committee/member{k}.model") for k in members]


rule selection_pool:
    input:
        unpack(potential_inputs),
        deck=DECKS / "pool_md.lmp",
        structures=[results("vacancy/lj/vacancy_structures.extxyz"), results("surfaces/lj/surface_structures.extxyz"),
                    results("stacking_fault/lj/fault_structures.extxyz"),
                    results("interstitial/lj/interstitial_structures.extxyz")],
        lattice_0K=results("lattice/lj/lattice_0K.json"),  # the interstitial starts' lattice constant
        code=package_code("selection_pool.py"),
    output:
        results("selection/{potential}/pool.extxyz"),
    wildcard_constraints:
        potential="mace-[a-z0-9_]+",
    params:
        settings=SelectionSettings.from_config(config),
        interstitial_cells=config["interstitial"]["cells"],
    benchmark:
        results("benchmarks/selection_pool/selection_{potential}_pool.tsv"),
    log:
        results("logs/selection/{potential}/pool.lammps.log"),
    resources:
        runtime=60,
    script:
        "../scripts/selection_pool.py"


rule select_frames:
    input:
        pool=lambda w: results(f"selection/mace-{SELECTED[w.recipe]['previous']}/pool.extxyz"),
        models=selection_models,
        reference=results("potentials/lj/pair.lmp"),
        code=package_code("select_frames.py"),
    output:
        selected=results("training/{recipe}/selected.extxyz"),
        table=results("training/{recipe}/selection.csv"),
    wildcard_constraints:
        recipe=one_of(SELECTED),
    params:
        selection=lambda w: SELECTED[w.recipe],
        settings=SelectionSettings.from_config(config),
    threads: 2
    benchmark:
        results("benchmarks/select_frames/training_{recipe}_select.tsv"),
    log:
        results("logs/training/{recipe}/select.log"),
    script:
        "../scripts/select_frames.py"


rule selection_training_set:
    input:
        previous=lambda w: results(f"training/{SELECTED[w.recipe]['previous']}/train.extxyz"),
        selected=results("training/{recipe}/selected.extxyz"),
        test=lambda w: results(f"training/{SELECTED[w.recipe]['base']}/test.extxyz"),
        code=package_code("selection_training_set.py"),
    output:
        train=results("training/{recipe}/train.extxyz"),
        test=results("training/{recipe}/test.extxyz"),
    wildcard_constraints:
        recipe=one_of(SELECTED),
    benchmark:
        results("benchmarks/selection_training_set/training_{recipe}_set.tsv"),
    log:
        results("logs/training/{recipe}/set.log"),
    script:
        "../scripts/selection_training_set.py"


rule selection_curve:
    input:
        comparison=results("comparison.csv"),
        code=package_code("selection_curve.py"),
    output:
        table=results("selection/selection_curve.csv"),
        figure=report(results("selection/selection_curve.png"), caption="../report/selection_curve.rst",
                      category="Summary"),
    params:
        rounds=SELECTED,
    benchmark:
        results("benchmarks/selection_curve/selection_curve.tsv"),
    log:
        results("logs/selection/curve.log"),
    script:
        "../scripts/selection_curve.py"
