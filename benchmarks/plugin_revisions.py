"""pair_style mace built from two git revisions of plugin/, timed side by side in one run: NVE MD of
an FCC argon cell with a vacancy (nve_vacancy.lmp), the revisions interleaved `repeats` times at each
size. Writes JSON and a figure (cost per atom-step against atoms) and prints a table.

    python benchmarks/plugin_revisions.py --model results/default/models/mace-heating/model.model \\
        --revisions ebb0c2f HEAD --cells 4 10 16 --out benchmarks/results/plugin_revisions.json

The plugin runs the model on CUDA whenever torch sees a GPU; the JSON records where it ran.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

from md_throughput import gpu_name, lammps_rate
from solidbench.mace_model import export_for_lammps
from solidbench.plugin_build import build
from solidbench.potentials import mace_pair_lines, write_pair_include


def build_revision(revision: str, folder: Path) -> Path:
    """The plugin compiled from `revision`'s plugin/ (git archive, so the working tree is untouched)."""
    archive = subprocess.run(["git", "archive", revision, "plugin"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    build(folder / "plugin", folder / "macepairplugin.so", folder / "build.log")
    return folder / "macepairplugin.so"


def plot(rows: list[dict], revisions: list[str], where: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    for revision in revisions:
        points = [(row["natoms"], 1e6 / rate) for row in rows for rate in row["atom_steps_per_s"].get(revision, [])]
        ax.plot(*zip(*points), "o", label=revision, alpha=0.7)
    ax.set_xscale("log")
    ax.set_xlabel("atoms")
    ax.set_ylabel("cost (us per atom-step)")
    ax.set_ylim(bottom=0)
    ax.set_title(f"pair_style mace on {where}", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=150)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True, help="mace-torch .model file")
    parser.add_argument("--revisions", nargs=2, required=True, help="two git revisions (before, after)")
    parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    parser.add_argument("--threads", type=int, default=1, help="OpenMP threads of the one MPI rank")
    parser.add_argument("--cells", type=int, nargs="+", default=[4, 10, 16], help="FCC cells per side (minus one atom)")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/plugin_revisions.json"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        export_for_lammps(args.model, args.dtype, tmp / "model-lammps.pt")
        pair_files = {}
        for k, revision in enumerate(args.revisions):
            plugin = build_revision(revision, tmp / f"revision{k}")
            pair_files[revision] = tmp / f"pair{k}.lmp"
            write_pair_include(pair_files[revision], mace_pair_lines(tmp / "model-lammps.pt", plugin), revision)
        rows = []
        for cells in args.cells:
            rates = {revision: [] for revision in args.revisions}
            for _ in range(args.repeats):
                for revision in args.revisions:
                    rate, device = lammps_rate(pair_files[revision], cells, args.steps, args.threads, tmp)
                    rates[revision].append(rate)
            natoms = 4 * cells**3 - 1
            rows.append({"natoms": natoms, "device": device, "atom_steps_per_s": rates})
            print(f"{natoms:6d} atoms on {device}: " + "  ".join(
                f"{revision} {min(1e6 / r for r in rates[revision]):.3f}" for revision in args.revisions)
                + " us/atom-step (best of the repeats)", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"model": str(args.model), "dtype": args.dtype, "threads": args.threads,
                                    "steps": args.steps, "revisions": args.revisions, "gpu": gpu_name(),
                                    "results": rows}, indent=2) + "\n")
    plot(rows, args.revisions, gpu_name() or "CPU", args.out.with_suffix(".png"))


if __name__ == "__main__":
    main()
