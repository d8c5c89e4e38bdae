"""Wall time per rule of a Snakemake run, read from its log (.snakemake/log/*.snakemake.log).

    python benchmarks/stage_times.py .snakemake/log/<run>.snakemake.log --out benchmarks/results/stage_times.json
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

STAMP = re.compile(r"^\[(\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4})\]$")


def rule_times(text: str) -> dict[str, dict]:
    started: dict[str, tuple[str, datetime]] = {}
    totals: dict[str, dict] = defaultdict(lambda: {"jobs": 0, "seconds": 0.0})
    stamp = None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = STAMP.match(line.strip())
        if match:
            stamp = datetime.strptime(match.group(1), "%a %b %d %H:%M:%S %Y")
            continue
        rule = re.match(r"^(?:local)?rule (\w+):$", line.strip())
        if rule and stamp is not None:
            job = next((re.search(r"jobid: (\d+)", l).group(1) for l in lines[i:i + 12] if "jobid:" in l), None)
            if job is not None:
                started[job] = (rule.group(1), stamp)
        done = re.match(r"^Finished jobid: (\d+)", line.strip())
        if done and done.group(1) in started and stamp is not None:
            name, begin = started.pop(done.group(1))
            totals[name]["jobs"] += 1
            totals[name]["seconds"] += (stamp - begin).total_seconds()
    return dict(totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("log", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    times = rule_times(args.log.read_text())
    for name, t in sorted(times.items(), key=lambda kv: -kv[1]["seconds"]):
        print(f"{name:20s} {t['jobs']:3d} job(s) {t['seconds'] / 60:7.2f} min")
    print(f"{'sum':20s}         {sum(t['seconds'] for t in times.values()) / 60:7.2f} min")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(times, indent=2) + "\n")


if __name__ == "__main__":
    main()
