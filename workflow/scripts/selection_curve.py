import pandas as pd

from solidbench.job import setup_job
from solidbench.plots import plot_selection_curve
from solidbench.selection import selection_curve

setup_job(snakemake)
selection_curve(pd.read_csv(snakemake.input.comparison), snakemake.params.rounds).to_csv(snakemake.output.table,
                                                                                         index=False)
plot_selection_curve(snakemake.output.table, snakemake.output.figure)
