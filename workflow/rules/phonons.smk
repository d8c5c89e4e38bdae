# Phonons of the perfect crystal at 0 K (phonopy), for every potential through its LAMMPS pair file.
# Every potential is measured on the reference state points (LJ's 0 K lattice constant and NPT
# densities), so the comparison isolates the force constants; each potential's own lattice
# constants are the lattice benchmark.


rule phonons_0K:
    input:
        unpack(potential_inputs),
        lattice_0K=results("lattice/lj/lattice_0K.json"),
        code=package_code("phonons_0K.py"),
    output:
        result=results("phonons/{potential}/phonons_0K.json"),
        dispersion=results("phonons/{potential}/dispersion_0K.csv"),
        dos=results("phonons/{potential}/dos_0K.csv"),
    params:
        settings=PhononSettings.from_config(config),
    threads: 2
    benchmark:
        results("benchmarks/phonons_0K/phonons_{potential}_0K.tsv"),
    log:
        results("logs/phonons/{potential}_0K.log"),
    script:
        "../scripts/phonons_0K.py"


rule phonons_0K_vs_lj:
    input:
        dispersion=results("phonons/{potential}/dispersion_0K.csv"),
        dos=results("phonons/{potential}/dos_0K.csv"),
        lj_dispersion=results("phonons/lj/dispersion_0K.csv"),
        lj_dos=results("phonons/lj/dos_0K.csv"),
        code=package_code("phonons_0K_vs_lj.py"),
    output:
        results("phonons/{potential}/phonons_0K_vs_lj.json"),
    wildcard_constraints:
        potential="mace-[a-z0-9_]+",
    benchmark:
        results("benchmarks/phonons_0K_vs_lj/phonons_{potential}_0K_vs_lj.tsv"),
    log:
        results("logs/phonons/{potential}_0K_vs_lj.log"),
    script:
        "../scripts/phonons_0K_vs_lj.py"


rule plot_phonons_0K:
    input:
        dispersion=expand(results("phonons/{potential}/dispersion_0K.csv"), potential=POTENTIALS),
        dos=expand(results("phonons/{potential}/dos_0K.csv"), potential=POTENTIALS),
        result=expand(results("phonons/{potential}/phonons_0K.json"), potential=POTENTIALS),
        code=package_code("plot_phonons_0K.py"),
    output:
        report(results("phonons/phonons_0K.png"), caption="../report/phonons_0K.rst", category="Phonons"),
    params:
        potentials=POTENTIALS,
    benchmark:
        results("benchmarks/plot_phonons_0K/phonons_plot_0K.tsv"),
    log:
        results("logs/phonons/plot_0K.log"),
    script:
        "../scripts/plot_phonons_0K.py"


# Phonons at finite temperature: VACF PDOS and SED from NVE MD at LJ's NPT density.


rule phonons_T:
    input:
        unpack(potential_inputs),
        deck=DECKS / "nve_velocities.lmp",
        crystal=DECKS / "crystal.lmp",  # included by the deck
        lattice=results("lattice/lj/lattice_{T}K.json"),
        code=package_code("phonons_T.py"),
    output:
        result=results("phonons/{potential}/spectra_{T}K.json"),
        dos=results("phonons/{potential}/pdos_{T}K.csv"),
        sed_peaks=results("phonons/{potential}/sed_peaks_{T}K.csv"),
        sed_spectra=results("phonons/{potential}/sed_spectra_{T}K.csv"),
    params:
        settings=SpectraSettings.from_config(config),
    # one thread each, like the hop MD: two single-threaded MLFF runs side by side do 1.40x (108 atoms)
    # and 1.45x (256 atoms) the steps of one run on two threads (docs/performance.md)
    threads: 1
    resources:
        runtime=120,
    benchmark:
        results("benchmarks/phonons_T/phonons_{potential}_{T}K.tsv"),
    log:
        results("logs/phonons/{potential}_{T}K.lammps.log"),
    script:
        "../scripts/phonons_T.py"


rule phonons_T_vs_lj:
    input:
        dos=results("phonons/{potential}/pdos_{T}K.csv"),
        lj_dos=results("phonons/lj/pdos_{T}K.csv"),
        code=package_code("phonons_T_vs_lj.py"),
    output:
        results("phonons/{potential}/pdos_{T}K_vs_lj.json"),
    wildcard_constraints:
        potential="mace-[a-z0-9_]+",
    benchmark:
        results("benchmarks/phonons_T_vs_lj/phonons_{potential}_{T}K_vs_lj.tsv"),
    log:
        results("logs/phonons/{potential}_{T}K_vs_lj.log"),
    script:
        "../scripts/phonons_T_vs_lj.py"


rule plot_phonons_T:
    input:
        dos_0K=expand(results("phonons/{potential}/dos_0K.csv"), potential=POTENTIALS),
        dos=expand(results("phonons/{potential}/pdos_{T}K.csv"), T=TEMPERATURES, potential=POTENTIALS),
        code=package_code("plot_phonons_T.py"),
    output:
        report(results("phonons/pdos_T.png"), caption="../report/pdos_T.rst", category="Phonons"),
    params:
        potentials=POTENTIALS,
        temperatures=TEMPERATURES,
    benchmark:
        results("benchmarks/plot_phonons_T/phonons_plot_T.tsv"),
    log:
        results("logs/phonons/plot_T.log"),
    script:
        "../scripts/plot_phonons_T.py"


rule plot_sed:
    input:
        peaks=expand(results("phonons/{potential}/sed_peaks_{{T}}K.csv"), potential=POTENTIALS),
        spectra=expand(results("phonons/{potential}/sed_spectra_{{T}}K.csv"), potential=POTENTIALS),
        code=package_code("plot_sed.py"),
    output:
        report(results("phonons/sed_{T}K.png"), caption="../report/sed.rst", category="Phonons"),
    params:
        potentials=POTENTIALS,
    benchmark:
        results("benchmarks/plot_sed/phonons_plot_sed_{T}K.tsv"),
    log:
        results("logs/phonons/plot_sed_{T}K.log"),
    script:
        "../scripts/plot_sed.py"
