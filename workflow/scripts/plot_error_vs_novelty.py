import logging

import pandas as pd

from solidbench.io import write_csv
from solidbench.job import setup_job
from solidbench.novelty import row_novelty
from solidbench.plots import plot_error_vs_novelty

setup_job(snakemake)
out = snakemake.output
write_csv(out.rows, row_novelty(pd.read_csv(snakemake.input.novelty), pd.read_csv(snakemake.input.comparison),
                                snakemake.wildcards.potential))
plot_error_vs_novelty(snakemake.wildcards.potential, out.rows, out.figure)
logging.info(f"wrote {out.figure}")
