from solidbench.hops import vacancy_md_summary

quantities = vacancy_md_summary(snakemake.input.hops, snakemake.input.mep, snakemake.wildcards.potential,
                                snakemake.output[0])
with open(snakemake.log[0], "w") as log:
    log.writelines(f"{name} = {q['value']:.6g} {q['unit']}\n" for name, q in quantities.items())
