import logging

from solidbench.job import setup_job
from solidbench.interstitial import interstitial_configurations
from solidbench.lammps_run import LammpsJob
from solidbench.results import result_value
from solidbench.selection import pool_starts, run_pool

setup_job(snakemake)
settings = snakemake.params.settings
_, interstitial_starts = interstitial_configurations(result_value(snakemake.input.lattice_0K, "lattice_constant"),
                                                     snakemake.params.interstitial_cells, settings.element)
starts = pool_starts(snakemake.input.structures, settings.configurations, settings.min_lateral, interstitial_starts)
count = run_pool(LammpsJob.of(snakemake), starts, settings, snakemake.output[0])
logging.info(f"{count} candidate frames from {len(starts)} configurations at {len(settings.temperatures)} temperatures")
