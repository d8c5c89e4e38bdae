"""Wall time, CPU time and peak memory per rule of a run, from the files Snakemake's `benchmark:`
directive writes for every job (results/<run>/benchmarks/<rule>/*.tsv).

    python benchmarks/stage_times.py results/default --out benchmarks/results/stage_times.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd


def rule_times(run_dir: Path) -> dict[str, dict]:
    """Per rule: jobs, summed wall seconds, summed CPU seconds, largest resident memory (MB)."""
    times = {}
    for rule_dir in sorted((run_dir / "benchmarks").iterdir()):
        records = pd.concat([pd.read_csv(path, sep="\t") for path in sorted(rule_dir.glob("*.tsv"))])
        times[rule_dir.name] = {"jobs": len(records), "seconds": float(records["s"].sum()),
                                "cpu_seconds": float(pd.to_numeric(records["cpu_time"], errors="coerce").sum()),
                                "max_rss_mb": float(pd.to_numeric(records["max_rss"], errors="coerce").max())}
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir", type=Path, help="a run's results directory, e.g. results/default")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    times = rule_times(args.run_dir)
    for name, t in sorted(times.items(), key=lambda kv: -kv[1]["seconds"]):
        print(f"{name:24s} {t['jobs']:3d} job(s) {t['seconds'] / 60:7.2f} min wall {t['cpu_seconds'] / 60:7.2f} min CPU "
              f"{t['max_rss_mb']:7.0f} MB")
    print(f"{'sum':24s}         {sum(t['seconds'] for t in times.values()) / 60:7.2f} min")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(times, indent=2) + "\n")


if __name__ == "__main__":
    main()
