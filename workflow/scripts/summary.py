from solidbench.results import collect_summary

table = collect_summary(snakemake.input, snakemake.output[0])
with open(snakemake.log[0], "w") as log:
    log.write(table.to_string(index=False) + "\n")
