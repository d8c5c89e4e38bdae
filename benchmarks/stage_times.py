"""Wall time, CPU time and peak memory per rule of a run, and per potential, from the files
Snakemake's `benchmark:` directive writes for every job (results/<run>/benchmarks/<rule>/*.tsv).

    python benchmarks/stage_times.py results/default --out benchmarks/results/stage_times_default.json

A job belongs to the potential its benchmark file names: `lj` or `mace-<name>` for each training
recipe and external model of the run's merged config (the longest name that fits); jobs that name
none (plugin build, LJ training frames, plots, summary) are `shared`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd
import yaml

from solidbench.config import model_names
from solidbench.results import REFERENCE


def run_potentials(run_dir: Path) -> list[str]:
    """`lj` and `mace-<name>` for every training recipe and external model of the run, longest first."""
    config = yaml.safe_load((run_dir / "config.yaml").read_text())
    return sorted([REFERENCE, *(f"mace-{name}" for name in model_names(config))], key=len, reverse=True)


def potential_of(benchmark_file: Path, potentials: list[str]) -> str:
    """The longest potential whose name stands between underscores (or the ends) of the file name."""
    words = f"_{benchmark_file.stem}_"
    return next((p for p in potentials if f"_{p}_" in words), "shared")


def job_times(run_dir: Path) -> pd.DataFrame:
    """One row per job: rule, potential, wall seconds, CPU seconds, peak resident memory (MB)."""
    potentials = run_potentials(run_dir)
    rows = []
    for rule_dir in sorted((run_dir / "benchmarks").iterdir()):
        for path in sorted(rule_dir.glob("*.tsv")):
            record = pd.read_csv(path, sep="\t").iloc[0]
            rows.append({"rule": rule_dir.name, "potential": potential_of(path, potentials),
                         "seconds": float(record["s"]),
                         "cpu_seconds": float(pd.to_numeric(record["cpu_time"], errors="coerce")),
                         "max_rss_mb": float(pd.to_numeric(record["max_rss"], errors="coerce"))})
    return pd.DataFrame(rows)


def totals(jobs: pd.DataFrame, by: str) -> dict[str, dict]:
    """Per value of `by`: jobs, summed wall and CPU seconds, largest resident memory (MB)."""
    grouped = jobs.groupby(by)
    return {name: {"jobs": int(len(group)), "seconds": float(group["seconds"].sum()),
                   "cpu_seconds": float(group["cpu_seconds"].sum()), "max_rss_mb": float(group["max_rss_mb"].max())}
            for name, group in grouped}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir", type=Path, help="a run's results directory, e.g. results/default")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    jobs = job_times(args.run_dir)
    times = {"rules": totals(jobs, "rule"), "potentials": totals(jobs, "potential")}
    for section, rows in times.items():
        for name, t in sorted(rows.items(), key=lambda kv: -kv[1]["seconds"]):
            print(f"{name:36s} {t['jobs']:3d} job(s) {t['seconds'] / 60:7.2f} min wall {t['cpu_seconds'] / 60:7.2f} "
                  f"min CPU {t['max_rss_mb']:7.0f} MB")
        print(f"{'sum of ' + section:36s}         {jobs['seconds'].sum() / 60:7.2f} min\n")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(times, indent=2) + "\n")


if __name__ == "__main__":
    main()
