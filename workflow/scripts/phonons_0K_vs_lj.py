from solidbench.phonons import compare_phonons_0k

quantities = compare_phonons_0k(snakemake.wildcards.potential, snakemake.input.dispersion, snakemake.input.dos,
                                snakemake.input.lj_dispersion, snakemake.input.lj_dos, snakemake.output[0])
with open(snakemake.log[0], "w") as log:
    log.writelines(f"{name} = {q['value']:.6g} {q['unit']}\n" for name, q in quantities.items())
