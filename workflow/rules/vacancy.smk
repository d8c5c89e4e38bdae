# The vacancy at 0 K: formation energy, migration path (string method and CI-NEB), saddle modes,
# harmonic TST rates; every potential at LJ's 0 K lattice constant through its pair file.


rule vacancy_static:
    input:
        unpack(potential_inputs),
        lattice_0K="results/lattice/lj/lattice_0K.json",
    output:
        result="results/vacancy/{potential}/vacancy_static.json",
        path="results/vacancy/{potential}/migration_path.csv",
    params:
        vacancy=config["vacancy"],
        element=config["element"],
        mass=config["mass"],
    threads: 2
    resources:
        runtime=60,
    log:
        "results/logs/vacancy/{potential}_static.log",
    script:
        "../scripts/vacancy_static.py"


rule plot_migration_path:
    input:
        expand("results/vacancy/{potential}/migration_path.csv", potential=POTENTIALS),
    output:
        report("results/vacancy/migration_path.png", caption="../report/migration_path.rst", category="Vacancy"),
    params:
        potentials=POTENTIALS,
    log:
        "results/logs/vacancy/plot_path.log",
    script:
        "../scripts/plot_migration_path.py"
