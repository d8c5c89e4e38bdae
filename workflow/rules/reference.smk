# LJ reference and the per-potential crystal: pair include files, the isolated atom, 0 K lattice constant and
# cohesive energy, the 0 K equation of state, NPT lattice constants.


rule lj_pair_file:
    input:
        code=package_code("lj_pair_file.py"),
    output:
        results("potentials/lj/pair.lmp"),
    params:
        lj=config["lj"],
    benchmark:
        results("benchmarks/lj_pair_file/potentials_lj.tsv"),
    log:
        results("logs/potentials/lj.log"),
    script:
        "../scripts/lj_pair_file.py"


rule mace_pair_file:
    input:
        model=results("models/{potential}/model-lammps.pt"),
        plugin=PLUGIN,
        code=package_code("mace_pair_file.py"),
    output:
        results("potentials/{potential}/pair.lmp"),
    params:
        element=config["element"],
    benchmark:
        results("benchmarks/mace_pair_file/potentials_{potential}.tsv"),
    log:
        results("logs/potentials/{potential}.log"),
    wildcard_constraints:
        potential="mace-[a-z0-9_]+",
    script:
        "../scripts/mace_pair_file.py"


rule isolated_atom:
    input:
        unpack(potential_inputs),
        code=package_code("isolated_atom.py"),
    output:
        results("lattice/{potential}/isolated_atom.json"),
    params:
        element=config["element"],
        mass=config["mass"],
    benchmark:
        results("benchmarks/isolated_atom/lattice_{potential}_isolated_atom.tsv"),
    log:
        results("logs/lattice/{potential}_isolated_atom.log"),
    script:
        "../scripts/isolated_atom.py"


rule lattice_0K:
    input:
        unpack(potential_inputs),
        deck=DECKS / "lattice_0K.lmp",
        isolated_atom=results("lattice/{potential}/isolated_atom.json"),
        code=package_code("lattice_0K.py"),
    output:
        results("lattice/{potential}/lattice_0K.json"),
    params:
        a_guess=config["crystal"]["a_guess"],
        cells=config["crystal"]["cells"],
        mass=config["mass"],
    benchmark:
        results("benchmarks/lattice_0K/lattice_{potential}_0K.tsv"),
    log:
        results("logs/lattice/{potential}_0K.lammps.log"),
    resources:
        runtime=30,
    script:
        "../scripts/lattice_0K.py"


rule equation_of_state:
    input:
        unpack(potential_inputs),
        lattice_0K=results("lattice/{potential}/lattice_0K.json"),
        isolated_atom=results("lattice/{potential}/isolated_atom.json"),
        code=package_code("equation_of_state.py"),
    output:
        result=results("lattice/{potential}/eos.json"),
        curve=results("lattice/{potential}/eos.csv"),
    params:
        settings=EOSSettings.from_config(config),
    benchmark:
        results("benchmarks/equation_of_state/lattice_{potential}_eos.tsv"),
    log:
        results("logs/lattice/{potential}_eos.log"),
    script:
        "../scripts/equation_of_state.py"


rule plot_equation_of_state:
    input:
        curves=expand(results("lattice/{potential}/eos.csv"), potential=POTENTIALS),
        results=expand(results("lattice/{potential}/eos.json"), potential=POTENTIALS),
        code=package_code("plot_equation_of_state.py"),
    output:
        report(results("lattice/eos.png"), caption="../report/eos.rst", category="Lattice"),
    params:
        potentials=POTENTIALS,
    benchmark:
        results("benchmarks/plot_equation_of_state/lattice_plot_eos.tsv"),
    log:
        results("logs/lattice/plot_eos.log"),
    script:
        "../scripts/plot_equation_of_state.py"


rule lattice_npt:
    input:
        unpack(potential_inputs),
        deck=DECKS / "npt_lattice.lmp",
        crystal=DECKS / "crystal.lmp",  # included by the deck
        lattice_0K=results("lattice/{potential}/lattice_0K.json"),
        code=package_code("lattice_npt.py"),
    output:
        result=results("lattice/{potential}/lattice_{T}K.json"),
        series=results("lattice/{potential}/lattice_{T}K.series.dat"),
    params:
        settings=NPTSettings.from_config(config),
    # one thread each, like the hop MD: two single-threaded MLFF runs side by side do 1.40x (108 atoms)
    # and 1.45x (256 atoms) the steps of one run on two threads (docs/performance.md)
    threads: 1
    benchmark:
        results("benchmarks/lattice_npt/lattice_{potential}_{T}K.tsv"),
    log:
        results("logs/lattice/{potential}_{T}K.lammps.log"),
    resources:
        runtime=120,
    script:
        "../scripts/lattice_npt.py"
