# Configurations farther from the training data than the vacancy: the strained crystal (elastic
# constants, Cauchy pressure) and the isolated pair (dimer curve). 0 K, every potential, one code path.


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
