"""Which loss weights serve the benchmark? Trains the default recipe's MACE model (config.yaml's `mace`
block, E0s fixed at LJ's isolated atom) with several energy and stress weights and measures, for each,
the rows the energy reference decides: 0 K lattice constant, cohesive energy and bulk modulus from E(V),
relaxed vacancy formation energy at LJ's lattice constant, and held-out force and energy errors; LJ
through its LAMMPS pair file with the same functions. Writes JSON (and a figure beside it).

Needs the default run's LJ pair file, 0 K lattice and training frames
(`snakemake results/default/training/heating/test.extxyz results/default/lattice/lj/lattice_0K.json`):

    python benchmarks/loss_weights.py --default-model results/default/models/mace-heating/model.model \
        --parallel 1 --threads 2

Each variant trains for as long as the default model does (about 8 min on 2 cores); variants run
`--parallel` at a time, each on `--threads` threads. `--default-model` reuses the default run's model
for the `default` variant (same data, hyperparameters and seed).
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import yaml

from solidbench.calculator import LammpsCalculator
from solidbench.lattice import energy_volume, fit_equation_of_state, isolated_atom_energy
from solidbench.io import read_json
from solidbench.mace_model import e0s_argument, force_errors, predict_frames, train
from solidbench.vacancy import formation_energy, vacancy_endpoints

# (label, energy_weight, stress_weight). A stress error times the volume per atom (~42 A^3) is an
# energy per atom, so stress_weight ~ 42^2 * energy_weight puts both on the same footing.
VARIANTS = [("default", 1.0, 0.0), ("energy_x10", 10.0, 0.0), ("stress_1000", 1.0, 1000.0)]


def crystal_rows(calc, config: dict, a_reference: float) -> dict:
    """The energy-reference rows of one potential, from its ASE calculator."""
    symbol, eos = config["element"], config["eos"]
    e_atom = isolated_atom_energy(calc, symbol)
    curve = energy_volume(calc, a_reference, config["crystal"]["cells"], symbol, eos["strain"], eos["points"])
    fit = fit_equation_of_state(curve["volume"], curve["energy"] - e_atom, eos["form"])
    perfect, vacancy, _ = vacancy_endpoints(a_reference, config["vacancy"]["cells"], symbol)
    return {"isolated_atom_energy": e_atom, "lattice_constant_eos": fit["lattice_constant"],
            "cohesive_energy": -fit["energy"], "bulk_modulus": fit["bulk_modulus_gpa"],
            "bulk_modulus_derivative": fit["bulk_modulus_derivative"],
            "vacancy_formation_energy": formation_energy(perfect, vacancy, calc, config["vacancy"]["relax_fmax"])}


def held_out_errors(calc, test_file: Path) -> dict:
    from ase.io import read

    e_ref, e_pred, f_ref, f_pred = predict_frames(read(test_file, index=":"), calc)
    return {"force_rmse_test": force_errors(f_ref, f_pred)["rmse"],
            "energy_rmse_test": float(np.sqrt(np.mean((e_pred - e_ref) ** 2)))}


def train_variant(label: str, energy_weight: float, stress_weight: float, config: dict, e_lj: float,
                  train_file: Path, workdir: Path, threads: int) -> tuple[Path, float]:
    model = workdir / f"{label}.model"
    if not model.exists():
        hyper = {**config["mace"], "energy_weight": energy_weight, "stress_weight": stress_weight}
        start = time.perf_counter()
        train(hyper, train_file, model, workdir / f"{label}.log", e0s_argument("reference", config["element"], e_lj),
              threads=threads)
        return model, time.perf_counter() - start
    return model, float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=Path("config.yaml"))
    parser.add_argument("--results", type=Path, default=Path("results/default"), help="the default run's results")
    parser.add_argument("--workdir", type=Path, default=Path("benchmarks/work/loss_weights"))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--default-model", type=Path,
                        help="the default run's model (results/default/models/mace-heating/model.model): trained with exactly "
                             "the `default` variant's settings, so it is used instead of training that variant again")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/loss_weights.json"))
    args = parser.parse_args()

    import torch
    from mace.calculators import MACECalculator

    torch.set_num_threads(args.threads * args.parallel)
    config = yaml.safe_load(args.config.read_text())
    recipe = config["training_sets"][0]["name"]
    train_file = args.results / "training" / recipe / "train.extxyz"
    test_file = args.results / "training" / recipe / "test.extxyz"
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.default_model:
        shutil.copyfile(args.default_model, args.workdir / "default.model")

    a_lj = read_json(args.results / "lattice" / "lj" / "lattice_0K.json")["quantities"]["lattice_constant"]["value"]
    with LammpsCalculator(args.results / "potentials" / "lj" / "pair.lmp", {config["element"]: config["mass"]}) as lj:
        reference = crystal_rows(lj, config, a_lj)

    with ThreadPoolExecutor(args.parallel) as pool:
        trained = list(pool.map(lambda v: train_variant(*v, config, reference["isolated_atom_energy"], train_file,
                                                        args.workdir, args.threads), VARIANTS))
    variants = []
    for (label, energy_weight, stress_weight), (model, seconds) in zip(VARIANTS, trained):
        calc = MACECalculator(model_paths=str(model), device="cpu", default_dtype="float64")
        rows = {**crystal_rows(calc, config, a_lj), **held_out_errors(calc, test_file)}
        relative = {k: (rows[k] - reference[k]) / abs(reference[k]) for k in reference if reference[k] != 0}
        variants.append({"label": label, "energy_weight": energy_weight, "stress_weight": stress_weight,
                         "training_seconds": seconds, "values": rows, "relative_error": relative})
        print(label, json.dumps({k: round(v, 4) for k, v in relative.items()}))
    result = {"recipe": recipe, "mace": config["mace"], "reference": {"potential": "lj", "a0": a_lj, **reference},
              "vacancy_cell_atoms": 4 * config["vacancy"]["cells"] ** 3 - 1, "eos": config["eos"],
              "variants": variants}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    plot(variants, args.out.with_suffix(".png"))
    print(f"wrote {args.out}")


def plot(variants: list[dict], out_png: Path) -> None:
    """Signed relative error against LJ of each row, one group of bars per variant."""
    import pandas as pd
    import seaborn as sns

    from solidbench.plots import save_figure

    rows = [{"variant": v["label"], "quantity": k, "error (%)": 100 * e} for v in variants
            for k, e in v["relative_error"].items()]
    sns.set_theme(style="ticks", context="paper")
    grid = sns.catplot(pd.DataFrame(rows), kind="bar", x="quantity", y="error (%)", hue="variant", height=3.2,
                       aspect=2.2, palette="colorblind")
    grid.ax.axhline(0, color="k", lw=0.6)
    grid.ax.set(xlabel="", title="loss weights: MLFF against LJ (E0 fixed at LJ's isolated atom)")
    grid.ax.tick_params(axis="x", labelrotation=20)
    save_figure(grid.figure, out_png)


if __name__ == "__main__":
    main()
