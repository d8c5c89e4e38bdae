from solidbench.results import collect_summary, compare_to_reference

table = collect_summary(snakemake.input, snakemake.output.summary)
comparison = compare_to_reference(table, snakemake.output.comparison)
with open(snakemake.log[0], "w") as log:
    log.write(table.to_string(index=False) + "\n\n" + comparison.to_string(index=False) + "\n")
