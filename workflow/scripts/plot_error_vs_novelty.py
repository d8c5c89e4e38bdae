import logging

import pandas as pd

from solidbench.io import write_csv
from solidbench.job import setup_job
from solidbench.novelty import row_novelty
from solidbench.plots import plot_error_vs_novelty

setup_job(snakemake)
out = snakemake.output
comparison = pd.read_csv(snakemake.input.comparison)
write_csv(out.rows, pd.concat([row_novelty(pd.read_csv(novelty), comparison, potential).assign(potential=potential)
                               for potential, novelty in zip(snakemake.params.potentials, snakemake.input.novelty)]))
plot_error_vs_novelty(out.rows, out.figure)
logging.info(f"wrote {out.figure}")
