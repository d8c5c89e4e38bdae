"""Probe behind the data-selection findings: is an interstitial row a property of the training data,
or of the training seed? Every model of the named recipes and its committee members (the same data,
seeds seed+1, ...) relaxes the five standard interstitial starts of the benchmark at LJ's 0 K lattice
constant, with mace-torch's `MACECalculator` (float64; the relaxation only, no normal modes), and
reports each formation energy and the closest pair of each relaxed cell; and the edge of each
recipe's data: the closest pair in its training frames (`probe_close_pairs.closest_pairs`).

    python benchmarks/probe_training_seeds.py results/generalization heating heating_committee_r1 \
        --out benchmarks/results/probe_training_seeds.json
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from probe_close_pairs import closest_pairs
from solidbench.interstitial import closest_pair, interstitial_configurations
from solidbench.io import write_json
from solidbench.lattice import reference_lattice_constant
from solidbench.vacancy import relax


def probe_model(model: Path, a: float, cells: int, symbol: str, fmax: float) -> dict:
    from mace.calculators import MACECalculator

    calc = MACECalculator(model_paths=str(model), device="cpu", default_dtype="float64")
    perfect, configurations = interstitial_configurations(a, cells, symbol)
    perfect.calc = calc
    e_perfect = perfect.get_potential_energy()
    out = {}
    for name, atoms in configurations.items():
        energy = relax(atoms, calc, fmax)
        out[name] = {"formation_energy": energy - len(atoms) / len(perfect) * e_perfect,
                     "closest_pair": closest_pair(atoms)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run", type=Path, help="a finished run directory, e.g. results/generalization")
    parser.add_argument("recipes", nargs="+", help="recipes (a selection recipe's rounds: <name>_r<round>)")
    parser.add_argument("--fmax", type=float, default=1e-3, help="relaxation threshold (eV/A)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    config = yaml.safe_load((args.run / "config.yaml").read_text())
    a = reference_lattice_constant(args.run / "lattice" / "lj" / "lattice_0K.json")
    results = {"run": str(args.run), "lattice_constant": a, "fmax": args.fmax, "training": {}, "models": {}}
    for recipe in args.recipes:
        results["training"][recipe] = closest_pairs(args.run / "training" / recipe / "train.extxyz")
        print(f"{recipe:26s} training frames: closest pair {results['training'][recipe]['closest']:.3f} A", flush=True)
        folder = args.run / "models" / f"mace-{recipe}"
        seed = config["mace"]["seed"]
        models = {seed: folder / "model.model"}
        models.update({seed + int(path.stem.removeprefix("member")): path
                       for path in sorted((folder / "committee").glob("member*.model"))})
        for model_seed, path in sorted(models.items()):
            probe = probe_model(path, a, config["interstitial"]["cells"], config["element"], args.fmax)
            results["models"][f"{recipe} seed {model_seed}"] = probe
            print(f"{recipe:26s} seed {model_seed}: " + ", ".join(
                f"{name} {item['formation_energy']:+.3f} eV ({item['closest_pair']:.2f} A)" for name, item in probe.items()),
                flush=True)
    write_json(args.out, results)


if __name__ == "__main__":
    main()
