# Configurations farther from the training data than the vacancy: the strained crystal (elastic
# constants, Cauchy pressure), free surfaces, the stacking fault, the self-interstitial and the isolated
# pair (dimer curve). 0 K, every potential, one code path; the defects at LJ's 0 K lattice constant.


rule elastic:
    input:
        unpack(potential_inputs),
        lattice_0K=results("lattice/{potential}/lattice_0K.json"),
        code=package_code("elastic.py"),
    output:
        results("elastic/{potential}/elastic.json"),
    params:
        settings=ElasticSettings.from_config(config),
    benchmark:
        results("benchmarks/elastic/elastic_{potential}.tsv"),
    log:
        results("logs/elastic/{potential}.log"),
    script:
        "../scripts/elastic.py"


rule dimer:
    input:
        unpack(potential_inputs),
        isolated_atom=results("lattice/{potential}/isolated_atom.json"),
        code=package_code("dimer.py"),
    output:
        result=results("dimer/{potential}/dimer.json"),
        curve=results("dimer/{potential}/dimer.csv"),
    params:
        settings=DimerSettings.from_config(config),
    benchmark:
        results("benchmarks/dimer/dimer_{potential}.tsv"),
    log:
        results("logs/dimer/{potential}.log"),
    script:
        "../scripts/dimer.py"


rule plot_dimer:
    input:
        curves=expand(results("dimer/{potential}/dimer.csv"), potential=POTENTIALS),
        code=package_code("plot_dimer.py"),
    output:
        report(results("dimer/dimer.png"), caption="../report/dimer.rst", category="Farther from training"),
    params:
        potentials=POTENTIALS,
    benchmark:
        results("benchmarks/plot_dimer/dimer_plot.tsv"),
    log:
        results("logs/dimer/plot.log"),
    script:
        "../scripts/plot_dimer.py"


rule surfaces:
    input:
        unpack(potential_inputs),
        lattice_0K=results("lattice/lj/lattice_0K.json"),
        code=package_code("surfaces.py"),
    output:
        result=results("surfaces/{potential}/surfaces.json"),
        structures=results("surfaces/{potential}/surface_structures.extxyz"),
    params:
        settings=SurfaceSettings.from_config(config),
    benchmark:
        results("benchmarks/surfaces/surfaces_{potential}.tsv"),
    log:
        results("logs/surfaces/{potential}.log"),
    script:
        "../scripts/surfaces.py"


rule stacking_fault:
    input:
        unpack(potential_inputs),
        lattice_0K=results("lattice/lj/lattice_0K.json"),
        code=package_code("stacking_fault.py"),
    output:
        result=results("stacking_fault/{potential}/stacking_fault.json"),
        curve=results("stacking_fault/{potential}/gsf.csv"),
        structures=results("stacking_fault/{potential}/fault_structures.extxyz"),
    params:
        settings=StackingFaultSettings.from_config(config),
    benchmark:
        results("benchmarks/stacking_fault/stacking_fault_{potential}.tsv"),
    log:
        results("logs/stacking_fault/{potential}.log"),
    script:
        "../scripts/stacking_fault.py"


rule plot_gsf:
    input:
        curves=expand(results("stacking_fault/{potential}/gsf.csv"), potential=POTENTIALS),
        code=package_code("plot_gsf.py"),
    output:
        report(results("stacking_fault/gsf.png"), caption="../report/gsf.rst", category="Farther from training"),
    params:
        potentials=POTENTIALS,
    benchmark:
        results("benchmarks/plot_gsf/gsf_plot.tsv"),
    log:
        results("logs/stacking_fault/plot.log"),
    script:
        "../scripts/plot_gsf.py"


rule interstitial:
    input:
        unpack(potential_inputs),
        lattice_0K=results("lattice/lj/lattice_0K.json"),
        code=package_code("interstitial.py"),
    output:
        result=results("interstitial/{potential}/interstitial.json"),
        structures=results("interstitial/{potential}/interstitial_structures.extxyz"),
    params:
        settings=InterstitialSettings.from_config(config),
    benchmark:
        results("benchmarks/interstitial/interstitial_{potential}.tsv"),
    log:
        results("logs/interstitial/{potential}.log"),
    script:
        "../scripts/interstitial.py"


def recipe_file(name):
    """A training file of the recipe behind a trained potential mace-<recipe>."""
    return lambda w: results(f"training/{w.potential.removeprefix('mace-')}/{name}")


def relaxed_structures(potential):
    """The relaxed defect configurations a potential's benchmarks write."""
    return [results(f"{benchmark}/{potential}/{name}.extxyz") for benchmark, name in (
        ("vacancy", "vacancy_structures"), ("surfaces", "surface_structures"), ("stacking_fault", "fault_structures"),
        ("interstitial", "interstitial_structures"))]


rule novelty:
    input:
        model=results("models/{potential}/model.model"),
        train=recipe_file("train.extxyz"),
        test=recipe_file("test.extxyz"),
        lattice_0K=results("lattice/lj/lattice_0K.json"),
        dimer=results("dimer/lj/dimer.json"),
        lj_structures=relaxed_structures("lj"),
        own_structures=relaxed_structures("{potential}"),
        code=package_code("novelty.py"),
    output:
        results("novelty/{potential}/novelty.csv"),
    params:
        eos=EOSSettings.from_config(config),  # the crystal's cells and the E(V) windows
    wildcard_constraints:
        potential=one_of(TRAINED),
    benchmark:
        results("benchmarks/novelty/novelty_{potential}.tsv"),
    log:
        results("logs/novelty/{potential}.log"),
    script:
        "../scripts/novelty.py"


rule plot_error_vs_novelty:
    input:
        novelty=expand(results("novelty/{potential}/novelty.csv"), potential=TRAINED),
        comparison=results("comparison.csv"),
        code=package_code("plot_error_vs_novelty.py"),
    output:
        rows=results("novelty/error_vs_novelty.csv"),
        figure=report(results("novelty/error_vs_novelty.png"), caption="../report/error_vs_novelty.rst",
                      category="Farther from training"),
    params:
        potentials=TRAINED,
    benchmark:
        results("benchmarks/plot_error_vs_novelty/error_vs_novelty.tsv"),
    log:
        results("logs/novelty/plot.log"),
    script:
        "../scripts/plot_error_vs_novelty.py"
