# The vacancy at 0 K: formation energy, migration path (string method and CI-NEB), saddle modes,
# harmonic TST prefactor; then hop rates from direct MD of the same cell with an Arrhenius fit.
# Every potential at LJ's 0 K lattice constant through its pair file.


rule vacancy_static:
    input:
        unpack(potential_inputs),
        lattice_0K=results("lattice/lj/lattice_0K.json"),
        code=package_code("vacancy_static.py"),
    output:
        static=results("vacancy/{potential}/vacancy_static.json"),
        mep=results("vacancy/{potential}/vacancy_mep.json"),
        path=results("vacancy/{potential}/migration_path.csv"),
        structures=results("vacancy/{potential}/vacancy_structures.extxyz"),
    params:
        # the static settings only, so that changing the MD settings does not rerun the statics
        settings=VacancySettings.from_config(config),
    threads: 2
    resources:
        runtime=60,
    benchmark:
        results("benchmarks/vacancy_static/vacancy_{potential}_static.tsv"),
    log:
        results("logs/vacancy/{potential}_static.log"),
    script:
        "../scripts/vacancy_static.py"


rule plot_migration_path:
    input:
        paths=expand(results("vacancy/{potential}/migration_path.csv"), potential=POTENTIALS),
        code=package_code("plot_migration_path.py"),
    output:
        report(results("vacancy/migration_path.png"), caption="../report/migration_path.rst", category="Vacancy"),
    params:
        potentials=POTENTIALS,
    benchmark:
        results("benchmarks/plot_migration_path/vacancy_plot_path.tsv"),
    log:
        results("logs/vacancy/plot_path.log"),
    script:
        "../scripts/plot_migration_path.py"


rule vacancy_hop_md:
    input:
        unpack(potential_inputs),
        deck=DECKS / "vacancy_md.lmp",
        crystal=DECKS / "crystal.lmp",  # included by the deck
        lattice_0K=results("lattice/lj/lattice_0K.json"),
        code=package_code("vacancy_hop_md.py"),
    output:
        result=results("vacancy/{potential}/hops_{T}K.json"),
        trajectory=results("vacancy/{potential}/vacancy_trajectory_{T}K.csv"),
    params:
        settings=HopMDSettings.from_config(config),
    # one thread each: on a small cell two single-threaded MLFF runs side by side beat one run on two
    threads: 1
    priority: 1  # the longest MLFF jobs start first, so that the shorter ones fill the cores around them
    resources:
        runtime=240,
    benchmark:
        results("benchmarks/vacancy_hop_md/vacancy_{potential}_md_{T}K.tsv"),
    log:
        results("logs/vacancy/{potential}_md_{T}K.lammps.log"),
    script:
        "../scripts/vacancy_hop_md.py"


# The hop MD's rates at every temperature, their Arrhenius fit and the harmonic TST rates (no MD here).
rule vacancy_hop_rates:
    input:
        hops=expand(results("vacancy/{{potential}}/hops_{T}K.json"), T=VACANCY_MD_TEMPERATURES),
        mep=results("vacancy/{potential}/vacancy_mep.json"),
        code=package_code("vacancy_hop_rates.py"),
    output:
        results("vacancy/{potential}/vacancy_md.json"),
    benchmark:
        results("benchmarks/vacancy_hop_rates/vacancy_{potential}_hop_rates.tsv"),
    log:
        results("logs/vacancy/{potential}_hop_rates.log"),
    script:
        "../scripts/vacancy_hop_rates.py"


rule plot_arrhenius:
    input:
        results=expand(results("vacancy/{potential}/vacancy_md.json"), potential=POTENTIALS),
        code=package_code("plot_arrhenius.py"),
    output:
        report(results("vacancy/arrhenius.png"), caption="../report/arrhenius.rst", category="Vacancy"),
    params:
        potentials=POTENTIALS,
    benchmark:
        results("benchmarks/plot_arrhenius/vacancy_plot_arrhenius.tsv"),
    log:
        results("logs/vacancy/plot_arrhenius.log"),
    script:
        "../scripts/plot_arrhenius.py"
