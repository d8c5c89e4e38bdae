# The results contract: results/summary.csv, one row per measured quantity.


rule summary:
    input:
        expand("results/lattice/{potential}/lattice_0K.json", potential=POTENTIALS),
        expand("results/lattice/{potential}/lattice_{T}K.json", potential=POTENTIALS, T=TEMPERATURES),
        expand("results/models/{potential}/errors.json", potential=MLFFS),
        expand("results/phonons/{potential}/phonons_0K.json", potential=POTENTIALS),
        expand("results/phonons/{potential}/phonons_0K_vs_lj.json", potential=MLFFS),
        expand("results/phonons/{potential}/spectra_{T}K.json", potential=POTENTIALS, T=TEMPERATURES),
        expand("results/phonons/{potential}/pdos_{T}K_vs_lj.json", potential=MLFFS, T=TEMPERATURES),
        expand("results/vacancy/{potential}/vacancy_static.json", potential=POTENTIALS),
        expand("results/vacancy/{potential}/vacancy_md.json", potential=POTENTIALS),
    output:
        summary="results/summary.csv",
        comparison="results/comparison.csv",
    log:
        "results/logs/summary.log",
    script:
        "../scripts/summary.py"
