"""Probe behind the interstitial rows: how close two atoms come in each recipe's training frames, and
what every potential of a run makes of two atoms closer than that, in the crystal and alone.

- the closest pair distance in each recipe's training frames (and the 0.01 % quantile of all pair
  distances below 4 A): the edge of the data;
- the <100> dumbbell scan: LJ's relaxed dumbbell (`interstitial/lj/interstitial_structures.extxyz`),
  its two atoms moved symmetrically along their axis to separations from 1.0 to 3.6 A, nothing else
  moved, every potential's energy relative to its own at LJ's separation;
- the dimer below 4 A from the run's `dimer/<potential>/dimer.csv`.

    python benchmarks/probe_close_pairs.py results/default --out benchmarks/results/probe_close_pairs.json

writes the JSON and a two-panel figure beside it (.png).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from ase.io import read
from ase.neighborlist import neighbor_list

from solidbench.calculator import LammpsCalculator
from solidbench.config import recipes as trained_recipes
from solidbench.io import write_json

SEPARATIONS = np.round(np.arange(1.0, 3.601, 0.05), 4)


def closest_pairs(train_file: Path) -> dict:
    distances = np.concatenate([neighbor_list("d", atoms, 4.0) for atoms in read(train_file, ":")])
    return {"closest": float(distances.min()), "quantile_1e-4": float(np.quantile(distances, 1e-4)),
            "pairs_below_4A": int(distances.size)}


def dumbbell_scan(calc, dumbbell) -> tuple[list[float], float]:
    """E(d) - E(LJ's d) of `dumbbell` with atoms 0 and -1 (its two ends) set d apart about their
    midpoint, and LJ's d."""
    axis = dumbbell.get_distance(-1, 0, mic=True, vector=True)
    lj_separation = np.linalg.norm(axis)
    axis /= lj_separation
    centre = dumbbell.positions[-1] + axis * lj_separation / 2
    energies = []
    for d in [lj_separation, *SEPARATIONS]:
        atoms = dumbbell.copy()
        atoms.positions[0], atoms.positions[-1] = centre + axis * d / 2, centre - axis * d / 2
        atoms.calc = calc
        energies.append(float(atoms.get_potential_energy()))
    return [e - energies[0] for e in energies[1:]], float(lj_separation)


def probe_run(run: Path, symbol: str, mass: float) -> dict:
    config = yaml.safe_load((run / "config.yaml").read_text())
    recipes = [recipe["name"] for recipe in trained_recipes(config)]
    dumbbell = next(atoms for atoms in read(run / "interstitial/lj/interstitial_structures.extxyz", ":")
                    if atoms.info["configuration"] == "dumbbell_100")
    potentials = ["lj"] + [f"mace-{name}" for name in recipes]
    out = {"run": str(run), "separations": SEPARATIONS.tolist(), "training": {}, "potentials": {}}
    for recipe in recipes:
        out["training"][recipe] = closest_pairs(run / "training" / recipe / "train.extxyz")
    for potential in potentials:
        with LammpsCalculator(run / "potentials" / potential / "pair.lmp", {symbol: mass}) as calc:
            scan, lj_separation = dumbbell_scan(calc, dumbbell)
        dimer = pd.read_csv(run / "dimer" / potential / "dimer.csv")
        close = dimer[dimer["distance"] <= 4.0]
        out["potentials"][potential] = {"dumbbell_energy": scan, "dimer_distance": close["distance"].tolist(),
                                        "dimer_energy": close["energy"].tolist()}
    out["lj_dumbbell_separation"] = lj_separation
    return out


def plot(probes: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_dumbbell, ax_dimer) = plt.subplots(1, 2, figsize=(9, 3.8))
    closest = min(item["closest"] for item in probes["training"].values())
    for potential, item in probes["potentials"].items():
        style = {"color": "black", "lw": 2.2} if potential == "lj" else {"lw": 1.1, "ls": "--"}
        ax_dumbbell.plot(probes["separations"], item["dumbbell_energy"], label=potential, **style)
        ax_dimer.plot(item["dimer_distance"], 1e3 * np.array(item["dimer_energy"]), label=potential, **style)
    for ax in (ax_dumbbell, ax_dimer):
        ax.axvline(closest, color="0.5", lw=0.8, ls=":")
        ax.axhline(0, color="0.8", lw=0.5)
    ax_dumbbell.set(xlabel="dumbbell separation (Å), nothing else moved", ylim=(-1.0, 3.0),
                    ylabel="E − E(LJ's separation) (eV)", title="LJ's relaxed ⟨100⟩ dumbbell")
    ax_dimer.set(xlabel="pair distance (Å)", ylabel="E − 2 E(atom) (meV)", ylim=(-40, 450), title="the dimer")
    ax_dimer.text(closest, 400, " closest training pair", fontsize=7, color="0.4")
    ax_dumbbell.legend(fontsize=7, frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=130)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run", type=Path, help="a finished run directory, e.g. results/default")
    parser.add_argument("--out", type=Path, required=True, help="JSON to write; the figure goes beside it (.png)")
    args = parser.parse_args()
    config = yaml.safe_load((args.run / "config.yaml").read_text())
    probes = probe_run(args.run, config["element"], config["mass"])
    write_json(args.out, probes)
    plot(probes, args.out.with_suffix(".png"))
    for recipe, item in probes["training"].items():
        print(f"training {recipe:24s} closest pair {item['closest']:.3f} A, 1e-4 quantile {item['quantile_1e-4']:.3f} A")
    for potential, item in probes["potentials"].items():
        scan = np.array(item["dumbbell_energy"])
        print(f"{potential:28s} dumbbell: lowest {scan.min():+.3f} eV at {SEPARATIONS[np.argmin(scan)]:.2f} A "
              f"(LJ's {probes['lj_dumbbell_separation']:.2f} A = 0); dimer at 2.0 A {np.interp(2.0, item['dimer_distance'], item['dimer_energy']):+.3f} eV")


if __name__ == "__main__":
    main()
