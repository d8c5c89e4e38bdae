# LJ reference and the per-potential lattice: pair include files, 0 K and NPT lattice constants.


rule lj_pair_file:
    output:
        "results/potentials/lj/pair.lmp",
    params:
        lj=config["lj"],
    log:
        "results/logs/potentials/lj.log",
    script:
        "../scripts/lj_pair_file.py"


rule mace_pair_file:
    input:
        model="results/models/{potential}/model-lammps.pt",
        plugin=PLUGIN,
    output:
        "results/potentials/{potential}/pair.lmp",
    params:
        element=config["element"],
    log:
        "results/logs/potentials/{potential}.log",
    wildcard_constraints:
        potential="mace-[a-z0-9_]+",
    script:
        "../scripts/mace_pair_file.py"


rule lattice_0K:
    input:
        unpack(potential_inputs),
        deck=DECKS / "lattice_0K.lmp",
    output:
        "results/lattice/{potential}/lattice_0K.json",
    params:
        a_guess=config["crystal"]["a_guess"],
        cells=config["crystal"]["cells"],
        mass=config["mass"],
    log:
        "results/logs/lattice/{potential}_0K.lammps.log",
    resources:
        runtime=30,
    script:
        "../scripts/lattice_0K.py"


rule lattice_npt:
    input:
        unpack(potential_inputs),
        deck=DECKS / "npt_lattice.lmp",
        lattice_0K="results/lattice/{potential}/lattice_0K.json",
    output:
        result="results/lattice/{potential}/lattice_{T}K.json",
        series="results/lattice/{potential}/lattice_{T}K.series.dat",
    params:
        cells=config["lattice_md"]["cells"],
        mass=config["mass"],
        pressure=config["pressure"],
        timestep=config["timestep"],
        md=config["lattice_md"],
        max_temperature=config["md_guard"]["max_temperature"],
    threads: 2
    log:
        "results/logs/lattice/{potential}_{T}K.lammps.log",
    resources:
        runtime=120,
    script:
        "../scripts/lattice_npt.py"
