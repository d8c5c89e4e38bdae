# The results contract (results/<run>/summary.csv, one row per measured quantity), the comparison with LJ,
# and the generalization matrix (summary.md and its figure).


# every benchmark's result file: the rows of summary.csv
BENCHMARK_RESULTS = [
    *expand(results("lattice/{potential}/isolated_atom.json"), potential=POTENTIALS),
    *expand(results("lattice/{potential}/lattice_0K.json"), potential=POTENTIALS),
    *expand(results("lattice/{potential}/eos.json"), potential=POTENTIALS),
    *expand(results("lattice/{potential}/lattice_{T}K.json"), potential=POTENTIALS, T=TEMPERATURES),
    *expand(results("models/{potential}/errors.json"), potential=TRAINED),
    *expand(results("models/{potential}/committee.json"), potential=TRAINED if COMMITTEE > 1 else []),
    *expand(results("phonons/{potential}/phonons_0K.json"), potential=POTENTIALS),
    *expand(results("phonons/{potential}/phonons_0K_vs_lj.json"), potential=MLFFS),
    *expand(results("phonons/{potential}/spectra_{T}K.json"), potential=POTENTIALS, T=TEMPERATURES),
    *expand(results("phonons/{potential}/pdos_{T}K_vs_lj.json"), potential=MLFFS, T=TEMPERATURES),
    *expand(results("vacancy/{potential}/vacancy_static.json"), potential=POTENTIALS),
    *expand(results("vacancy/{potential}/vacancy_mep.json"), potential=POTENTIALS),
    *expand(results("vacancy/{potential}/vacancy_md.json"), potential=POTENTIALS),
    *expand(results("elastic/{potential}/elastic.json"), potential=POTENTIALS),
    *expand(results("dimer/{potential}/dimer.json"), potential=POTENTIALS),
    *expand(results("surfaces/{potential}/surfaces.json"), potential=POTENTIALS),
    *expand(results("stacking_fault/{potential}/stacking_fault.json"), potential=POTENTIALS),
    *expand(results("interstitial/{potential}/interstitial.json"), potential=POTENTIALS),
]


rule summary:
    input:
        results=BENCHMARK_RESULTS,
        code=package_code("summary.py"),
    output:
        summary=results("summary.csv"),
        comparison=results("comparison.csv"),
    benchmark:
        results("benchmarks/summary/summary.tsv"),
    log:
        results("logs/summary.log"),
    script:
        "../scripts/summary.py"


rule generalization_matrix:
    input:
        summary=results("summary.csv"),
        comparison=results("comparison.csv"),
        code=package_code("generalization_matrix.py"),
    output:
        markdown=results("summary.md"),
        figure=report(results("generalization_matrix.png"), caption="../report/generalization_matrix.rst",
                      category="Summary"),
    benchmark:
        results("benchmarks/generalization_matrix/generalization_matrix.tsv"),
    log:
        results("logs/generalization_matrix.log"),
    script:
        "../scripts/generalization_matrix.py"
