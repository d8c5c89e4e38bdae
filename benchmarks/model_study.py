"""MACE accuracy against cost. Every model of configs/model_study.yaml is the default recipe's data
trained with config.yaml's `mace` block changed in one setting (channels, radial MLP, layers,
correlation order, r_max, loss weights). For each model this script

1. runs the pipeline (run `model_study`) for the model's static rows only: held-out errors, 0 K
   lattice constant and cohesive energy, E(V) bulk modulus, 0 K phonons, vacancy formation energy
   and CI-NEB/string barriers, all measured exactly as the default run measures them;
2. times `pair_style mace` (the plugin, float32, the pipeline's pair file) on NVE MD of FCC cells
   with one vacancy (107 and 255 atoms) on 1 and 2 threads, best of `--repeats` runs, with nothing
   else running (the pipeline step has finished by then);
3. writes JSON, a figure (error against cost) and a markdown table beside them.

    python benchmarks/model_study.py --cores 2

The headline rows are checked against the targets of the energy-reference issue (TARGETS, relative
error against LJ).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import yaml

from md_throughput import lammps_rate
from solidbench.config import model_hyperparameters
from solidbench.results import REFERENCE, collect_summary, compare_to_reference

# relative error against LJ that a usable default model must stay within (energy-reference issue)
TARGETS = {"lattice_constant": 0.005, "cohesive_energy": 0.02, "bulk_modulus": 0.10, "vacancy_formation_energy": 0.05,
           "freq_X_LA": 0.02, "freq_X_TA": 0.02, "freq_L_LA": 0.02, "freq_L_TA": 0.02, "migration_barrier_neb": 0.03}
TIMED_CELLS = {3: 107, 4: 255}  # conventional cells per side -> atoms (one vacancy)
TIMED_THREADS = (1, 2)
HEADLINE_COST = "us_per_atom_step_255_2threads"


def result_files(run: Path, potential: str) -> list[Path]:
    """The static benchmark results of one potential (the summary's files minus MD and plots)."""
    files = [run / "lattice" / potential / name for name in ("isolated_atom.json", "lattice_0K.json", "eos.json")]
    files += [run / "phonons" / potential / "phonons_0K.json", run / "vacancy" / potential / "vacancy_static.json",
              run / "vacancy" / potential / "vacancy_mep.json"]
    if potential != REFERENCE:
        files += [run / "models" / potential / "errors.json", run / "potentials" / potential / "pair.lmp"]
    return files


def run_pipeline(config_file: Path, run: Path, potentials: list[str], cores: int) -> None:
    targets = [str(f) for p in [REFERENCE, *potentials] for f in result_files(run, p)]
    command = ["snakemake", "--cores", str(cores), *targets, "--configfile", str(config_file)]
    print(" ".join(command[:3]), f"<{len(targets)} targets>", *command[-2:], flush=True)
    subprocess.run(command, check=True)


def microseconds_per_atom_step(pair_file: Path, steps: int, repeats: int) -> dict[str, float]:
    """Best of `repeats` plugin runs per cell size and thread count, as µs per atom-step."""
    timings = {}
    with tempfile.TemporaryDirectory() as tmp:
        for cells, natoms in TIMED_CELLS.items():
            for threads in TIMED_THREADS:
                rate = max(lammps_rate(pair_file, cells, steps, threads, Path(tmp))[0] for _ in range(repeats))
                timings[f"us_per_atom_step_{natoms}_{threads}thread{'s' if threads > 1 else ''}"] = 1e6 / rate
    return timings


def parameter_count(model_file: Path) -> int:
    import torch

    model = torch.load(model_file, map_location="cpu", weights_only=False)
    return int(sum(p.numel() for p in model.parameters()))


def study(config: dict, recipes: list[dict], run: Path, steps: int, repeats: int, workdir: Path) -> list[dict]:
    potentials = [f"mace-{recipe['name']}" for recipe in recipes]
    files = [f for p in [REFERENCE, *potentials] for f in result_files(run, p) if f.suffix == ".json"]
    summary = collect_summary(files, workdir / "summary.csv")
    comparison = compare_to_reference(summary, workdir / "comparison.csv", reference=REFERENCE)
    default = {k: v for k, v in config["mace"].items() if k != "committee"}
    variants = []
    for recipe, potential in zip(recipes, potentials):
        hyper = model_hyperparameters(config, recipe)
        rows = comparison[comparison["potential"] == potential].set_index("quantity")
        values = summary[summary["potential"] == potential].set_index("quantity")["value"]
        relative = {q: float(rows.loc[q, "value"] - rows.loc[q, "lj_value"]) / abs(float(rows.loc[q, "lj_value"]))
                    for q in TARGETS}
        timings = microseconds_per_atom_step(run / "potentials" / potential / "pair.lmp", steps, repeats)
        variant = {"name": recipe["name"], "potential": potential,
                   "changed": {k: v for k, v in hyper.items() if default.get(k) != v},
                   "parameters": parameter_count(run / "models" / potential / "model.model"),
                   "force_rmse_test": float(values["force_rmse_test"]),
                   "energy_rmse_test": float(values["energy_rmse_test"]),
                   **timings, "relative_error": relative,
                   "misses": {q: e for q, e in relative.items() if abs(e) > TARGETS[q]}}
        print(f"{variant['name']:20s} {variant[HEADLINE_COST]:7.1f} us/atom-step  force RMSE "
              f"{1e3 * variant['force_rmse_test']:.2f} meV/A  misses {sorted(variant['misses'])}", flush=True)
        variants.append(variant)
    return variants


def markdown_table(variants: list[dict]) -> str:
    cost = [f"µs/atom-step {n} at. {t} thr." for n in TIMED_CELLS.values() for t in TIMED_THREADS]
    head = ["model", "changed", "parameters", "force RMSE (meV/Å)", "energy RMSE (meV/atom)", *cost,
            *[f"{q} (%)" for q in TARGETS], "outside targets"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for v in variants:
        changed = ", ".join(f"{k} {v['changed'][k]}" for k in v["changed"]) or "(default)"
        cells = [v["name"], changed, str(v["parameters"]), f"{1e3 * v['force_rmse_test']:.2f}",
                 f"{1e3 * v['energy_rmse_test']:.2f}",
                 *[f"{v[k]:.1f}" for k in v if k.startswith("us_per_atom_step")],
                 *[f"{100 * v['relative_error'][q]:+.2f}" for q in TARGETS], ", ".join(sorted(v["misses"])) or "none"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def plot(variants: list[dict], path: Path) -> None:
    """Held-out force error and the worst headline row against cost, one labelled point per model."""
    import matplotlib.pyplot as plt

    from solidbench.plots import save_figure

    fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
    for ax, key, label in [(axes[0], "force", "held-out force RMSE (meV/Å)"),
                           (axes[1], "worst", "largest |error| / target over the headline rows")]:
        for v in variants:
            y = 1e3 * v["force_rmse_test"] if key == "force" else \
                max(abs(e) / TARGETS[q] for q, e in v["relative_error"].items())
            ax.scatter(v[HEADLINE_COST], y, color="C3" if v["misses"] else "C0", zorder=3)
            ax.annotate(v["name"], (v[HEADLINE_COST], y), fontsize=7, xytext=(3, 3), textcoords="offset points")
        ax.set(xscale="log", xlabel="µs per atom-step, 255 atoms, 2 threads (plugin, float32)", ylabel=label)
    axes[1].axhline(1, color="k", lw=0.6, ls="--")
    axes[1].set_yscale("log")
    fig.suptitle("MACE variants of the default model (red: a headline row outside its target)", fontsize=9)
    save_figure(fig, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=Path("configs/model_study.yaml"))
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--steps", type=int, default=50, help="timed MD steps per run (after 5 untimed)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-pipeline", action="store_true", help="the static rows are already there")
    parser.add_argument("--models", nargs="+", help="recipe names to study (default: every one in --config)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/model_study.json"))
    args = parser.parse_args()

    study_config = yaml.safe_load(args.config.read_text())
    recipes = [r for r in study_config["training_sets"] if args.models is None or r["name"] in args.models]
    run = Path("results") / study_config["run"]
    if not args.skip_pipeline:
        run_pipeline(args.config, run, [f"mace-{r['name']}" for r in recipes], args.cores)
    config = yaml.safe_load((run / "config.yaml").read_text())  # the merged config the pipeline ran with
    with tempfile.TemporaryDirectory() as workdir:
        variants = study(config, recipes, run, args.steps, args.repeats, Path(workdir))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "config": str(args.config), "mace_default": config["mace"], "targets": TARGETS, "timing_steps": args.steps,
        "timing_repeats": args.repeats, "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform()},
        "variants": variants}, indent=2) + "\n")
    args.out.with_suffix(".md").write_text(markdown_table(variants))
    plot(variants, args.out.with_suffix(".png"))
    print(f"wrote {args.out} and its .md and .png", file=sys.stderr)


if __name__ == "__main__":
    main()
