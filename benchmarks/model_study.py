"""MACE accuracy against cost. Every model of configs/model_study.yaml is the default recipe's data
trained with config.yaml's `mace` block changed in one setting (channels, radial MLP, layers,
correlation order, r_max, loss weights). For each model this script

1. runs the pipeline (run `model_study`) for the model's static rows only: held-out errors, 0 K
   lattice constant and cohesive energy, E(V) bulk modulus, 0 K phonons, vacancy formation energy
   and CI-NEB/string barriers, all measured exactly as the default run measures them;
2. times `pair_style mace` (the plugin, float32, the pipeline's pair file) on NVE MD of FCC cells
   with one vacancy (107 and 255 atoms) on 1 and 2 threads, best of `--repeats` rounds that each time
   every architecture once, with nothing else running (the pipeline step has finished by then).
   Models that differ only in seed or loss weights run the same operations, so each architecture is
   timed once, with the first model that has it;
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


# the settings that fix the operations of a step; models that differ only in seed or loss weights cost the same
COST_SETTINGS = ("r_max", "num_channels", "max_L", "max_ell", "correlation", "num_interactions", "num_radial_basis",
                 "radial_mlp", "md_dtype")


def architecture(hyper: dict) -> str:
    return json.dumps({k: hyper[k] for k in COST_SETTINGS}, sort_keys=True)


def microseconds_per_atom_step(pair_files: dict[str, Path], steps: int, repeats: int) -> dict[str, dict[str, float]]:
    """µs per atom-step of each architecture's pair file, per cell size and thread count: the best of
    `repeats` rounds, each round timing every architecture once, so that a slow spell of the machine
    is spread over all of them instead of landing on one."""
    best: dict[str, dict[str, float]] = {arch: {} for arch in pair_files}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            for arch, pair_file in pair_files.items():
                for cells, natoms in TIMED_CELLS.items():
                    for threads in TIMED_THREADS:
                        key = f"us_per_atom_step_{natoms}_{threads}thread{'s' if threads > 1 else ''}"
                        microseconds = 1e6 / lammps_rate(pair_file, cells, steps, threads, Path(tmp))[0]
                        best[arch][key] = min(best[arch].get(key, float("inf")), microseconds)
    return best


def training_device(train_log: Path) -> str:
    """The `--device` that `mace_run_train` was given, from the command line the training log starts with."""
    option = next((w for w in train_log.read_text().split("\n", 1)[0].split() if w.startswith("--device=")), None)
    return option.split("=", 1)[1] if option else "unknown"


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
    hypers = [model_hyperparameters(config, recipe) for recipe in recipes]
    architectures = [architecture(hyper) for hyper in hypers]
    timed_with = {}  # architecture -> the first potential that has it, whose pair file is timed
    for arch, potential in zip(architectures, potentials):
        timed_with.setdefault(arch, potential)
    timings = microseconds_per_atom_step({arch: run / "potentials" / p / "pair.lmp" for arch, p in timed_with.items()},
                                         steps, repeats)
    variants = []
    for recipe, potential, hyper, arch in zip(recipes, potentials, hypers, architectures):
        rows = comparison[comparison["potential"] == potential].set_index("quantity")
        values = summary[summary["potential"] == potential].set_index("quantity")["value"]
        relative = {q: float(rows.loc[q, "value"] - rows.loc[q, "lj_value"]) / abs(float(rows.loc[q, "lj_value"]))
                    for q in TARGETS}
        variant = {"name": recipe["name"], "potential": potential,
                   "changed": {k: v for k, v in hyper.items() if default.get(k) != v},
                   "parameters": parameter_count(run / "models" / potential / "model.model"),
                   "trained_on": training_device(run / "logs" / "models" / potential / "train.log"),
                   "force_rmse_test": float(values["force_rmse_test"]),
                   "energy_rmse_test": float(values["energy_rmse_test"]),
                   **timings[arch], "timed_with": timed_with[arch],
                   "relative_error": relative,
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
        changed = ", ".join(f"{k} {v['changed'][k]}" for k in v["changed"]) or "(study base)"
        cells = [v["name"], changed, str(v["parameters"]), f"{1e3 * v['force_rmse_test']:.2f}",
                 f"{1e3 * v['energy_rmse_test']:.2f}",
                 *[f"{v[k]:.1f}" for k in v if k.startswith("us_per_atom_step")],
                 *[f"{100 * v['relative_error'][q]:+.2f}" for q in TARGETS], ", ".join(sorted(v["misses"])) or "none"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


ARCHITECTURE_LABELS = {"num_interactions": "{} layer", "num_channels": "{} ch", "radial_mlp": "MLP {}",
                       "r_max": "r_max {}", "correlation": "corr. {}"}


def architecture_label(changed: dict) -> str:
    """Short name of a variant's architecture (what it changes from the study base besides loss and seed)."""
    return ", ".join(form.format(changed[k]) for k, form in ARCHITECTURE_LABELS.items() if k in changed) or "base"


def plot(variants: list[dict], path: Path) -> None:
    """Held-out force error and the worst headline row against cost. One label per architecture; the
    marker tells the training: circle the base loss, square stress in the loss, triangle energy
    weight 10; filled seed 1, open seed 2."""
    import matplotlib.pyplot as plt

    from solidbench.plots import save_figure

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4))
    for ax, key, label in [(axes[0], "force", "held-out force RMSE (meV/Å)"),
                           (axes[1], "worst", "largest |error| / target over the headline rows")]:
        labelled = set()
        for v in variants:
            x = v[HEADLINE_COST]
            y = 1e3 * v["force_rmse_test"] if key == "force" else \
                max(abs(e) / TARGETS[q] for q, e in v["relative_error"].items())
            color = "C3" if v["misses"] else "C0"
            marker = "s" if "stress_weight" in v["changed"] else "^" if "energy_weight" in v["changed"] else "o"
            second_seed = v["changed"].get("seed", 1) != 1
            ax.scatter(x, y, marker=marker, zorder=3, edgecolors=color, facecolors="none" if second_seed else color)
            name = architecture_label(v["changed"])
            if name not in labelled:
                labelled.add(name)
                ax.annotate(name, (x, y), fontsize=7, xytext=(4, -3), textcoords="offset points")
        ax.set(xscale="log", xlabel="µs per atom-step, 255 atoms, 2 threads (plugin, float32)", ylabel=label)
    axes[1].axhline(1, color="k", lw=0.6, ls="--")
    axes[1].set_yscale("log")
    fig.suptitle("MACE variants of the study base (two layers, 32 channels, MLP [32, 32], r_max 7, corr. 2). "
                 "Red: a headline row outside its target.\nCircle: base loss; square: stress weight 1000 "
                 "(at 1 layer: the default model); triangle: energy weight 10; open: training seed 2", fontsize=8)
    save_figure(fig, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=Path("configs/model_study.yaml"))
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--steps", type=int, default=50, help="timed MD steps per run (after 5 untimed)")
    parser.add_argument("--repeats", type=int, default=5)
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
