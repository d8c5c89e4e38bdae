"""What every pipeline script does first: its log and its thread count, from the Snakemake job."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path


def setup_job(snakemake) -> None:
    """Start the job's log afresh and send Python logging (warnings included) to it, so that a crystal
    that melted or a refused rate is written beside the job's result, not only on the console. LAMMPS
    may rewrite the same file (`-log`); the handler appends, so what is logged after the MD stays.
    An error that ends the job goes to the log too, traceback and all, and still to stderr, where
    Snakemake shows it: on a cluster the log is often the only place anyone looks.
    Library thread pools (OpenMP, torch) get the job's `threads:`."""
    log = Path(snakemake.log[0])
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    logging.basicConfig(filename=log, level=logging.INFO, format="%(levelname)s: %(message)s", force=True)
    logging.captureWarnings(True)
    sys.excepthook = _log_then_report
    os.environ["OMP_NUM_THREADS"] = str(snakemake.threads)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(snakemake.threads)


def _log_then_report(kind, error, traceback) -> None:
    logging.critical("the job failed", exc_info=(kind, error, traceback))
    sys.__excepthook__(kind, error, traceback)
