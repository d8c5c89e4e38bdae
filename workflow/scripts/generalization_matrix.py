from solidbench.report import plot_generalization_matrix, write_summary_markdown

write_summary_markdown(snakemake.input.summary, snakemake.input.comparison, snakemake.output.markdown)
plot_generalization_matrix(snakemake.input.summary, snakemake.input.comparison, snakemake.output.figure)
open(snakemake.log[0], "w").write(f"wrote {snakemake.output.markdown} and {snakemake.output.figure}\n")
