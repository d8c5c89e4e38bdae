"""Where one MACE energy-and-force evaluation spends its time: a torch profile (operator self time)
of `MACECalculator` on a 255-atom FCC argon cell with one vacancy, float32, one thread. Groups the
operators into the radial MLP (matrix products and SiLU, forward and backward), element-wise
products, reductions and the rest, and writes them per model as JSON, with a bar chart beside it.

    python benchmarks/profile_mace.py results/model_study/models/mace-{one_layer,one_layer_channels_8}/model.model

Fractions are robust to a busy machine; the times are not.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

GROUPS = {"radial MLP (mm, SiLU)": ("aten::mm", "aten::silu", "aten::silu_backward"),
          "element-wise products": ("aten::mul",),
          "reductions (sum, scatter)": ("aten::sum", "aten::scatter_add_", "aten::index_add_")}


def profile_model(model: Path, calls: int) -> dict:
    import torch
    from ase.build import bulk
    from mace.calculators import MACECalculator
    from torch.profiler import ProfilerActivity, profile

    torch.set_num_threads(1)
    atoms = bulk("Ar", "fcc", a=5.27, cubic=True).repeat(4)
    del atoms[0]
    atoms.rattle(0.02, seed=1)
    atoms.calc = MACECalculator(model_paths=str(model), device="cpu", default_dtype="float32")
    atoms.get_forces()

    def evaluate():
        atoms.positions[0, 0] += 1e-4  # a new geometry, so the calculator recomputes
        atoms.get_forces()

    with profile(activities=[ProfilerActivity.CPU]) as prof:
        start = time.perf_counter()
        for _ in range(calls):
            evaluate()
        seconds = (time.perf_counter() - start) / calls
    self_us = {event.key: event.self_cpu_time_total for event in prof.key_averages()}
    total = sum(self_us.values())
    fractions = {group: sum(self_us.get(op, 0.0) for op in ops) / total for group, ops in GROUPS.items()}
    fractions["other"] = 1 - sum(fractions.values())
    return {"model": str(model), "atoms": len(atoms), "calls": calls, "operator_ms_per_call": total / calls / 1e3,
            "wall_ms_per_call": 1e3 * seconds, "fractions": fractions,
            "top_operators": dict(sorted(self_us.items(), key=lambda kv: -kv[1])[:12])}


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [Path(row["model"]).parent.name.removeprefix("mace-") for row in rows]
    fig, ax = plt.subplots(figsize=(6.5, 0.6 * len(rows) + 1.5))
    left = [0.0] * len(rows)
    for group in [*GROUPS, "other"]:
        widths = [row["operator_ms_per_call"] * row["fractions"][group] for row in rows]
        ax.barh(names, widths, left=left, label=group)
        left = [a + b for a, b in zip(left, widths)]
    ax.set_xlabel(f"operator time per energy+forces call (ms; {rows[0]['atoms']} atoms, 1 thread)")
    ax.invert_yaxis()
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=130)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", type=Path, nargs="+", help="mace-torch model files")
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/profile_mace.json"))
    args = parser.parse_args()
    rows = [profile_model(model, args.calls) for model in args.models]
    for row in rows:
        shares = ", ".join(f"{group} {100 * f:.0f} %" for group, f in row["fractions"].items())
        print(f"{row['model']}: {row['operator_ms_per_call']:.1f} ms of operators per call; {shares}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2) + "\n")
    plot(rows, args.out.with_suffix(".png"))


if __name__ == "__main__":
    main()
