"""Probes behind the explanations of a run's MLFF rows: the simplest configurations, every potential
of a run through its own pair file in LAMMPS (the same path the benchmarks take), against LJ.

- the dimer: E(r) - 2 E(atom) from 3 to 9 A, a configuration no crystal training set contains;
- LJ's own geometries of the vacancy (relaxed vacancy and CI-NEB saddle, from LJ's
  `vacancy_structures.extxyz`) and the perfect crystal at LJ's 0 K lattice constant: each potential's
  energy on them (cohesion, formation energy and barrier at fixed geometry, no relaxation of its
  own) and its force
  error against LJ, largest on the atoms next to the vacancy;
- the Vineyard prefactor taken apart: ln ν* is the sum of ln ν over the 3N-3 real modes of the
  potential's own relaxed vacancy minus that over the 3N-4 real modes of its own saddle, so
  ln(ν*/ν*_LJ) = (minimum's sum - LJ's) - (saddle's sum - LJ's), each reported with its mean per mode.

    python benchmarks/probe_models.py results/generalization --out benchmarks/results/probes_generalization.json

writes the JSON and a figure of the dimer curves beside it (.png).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import yaml
from ase import Atoms
from ase.io import read

from solidbench.calculator import LammpsCalculator
from solidbench.io import write_json
from solidbench.lattice import isolated_atom_energy, reference_lattice_constant
from solidbench.structure import conventional_fcc
from solidbench.vacancy import mode_frequencies, real_mode_log_sums

DIMER_BOX = 40.0  # A: more than 2 x the longest cutoff (8.5 A) plus the longest bond probed
DIMER_DISTANCES = np.round(np.arange(3.0, 9.0001, 0.05), 4)


def dimer_curve(calc, symbol: str, isolated: float) -> list[float]:
    energies = []
    for r in DIMER_DISTANCES:
        atoms = Atoms(2 * symbol, positions=[[0, 0, 0], [r, 0, 0]], cell=[DIMER_BOX] * 3, pbc=True)
        atoms.calc = calc
        energies.append(float(atoms.get_potential_energy()) - 2 * isolated)
    return energies


def on_lj_geometries(calc, structures: dict[str, Atoms], isolated: float) -> dict:
    """Energies (eV) and forces of one potential on LJ's geometries."""
    out = {}
    for name, atoms in structures.items():
        atoms = atoms.copy()
        atoms.calc = calc
        out[name] = {"energy": float(atoms.get_potential_energy()), "forces": atoms.get_forces()}
    perfect, vacancy = out["perfect crystal"], out["relaxed vacancy"]
    natoms = len(structures["perfect crystal"])
    return {
        "cohesive_energy_at_lj_a0": isolated - perfect["energy"] / natoms,
        "vacancy_formation_energy_on_lj_geometry": vacancy["energy"] - (natoms - 1) / natoms * perfect["energy"],
        "barrier_on_lj_path": out["CI-NEB saddle"]["energy"] - vacancy["energy"],
        "forces": {name: item["forces"] for name, item in out.items()},
    }


def log_frequency_sums(calc, structures: dict[str, Atoms], mass: float, step: float) -> dict[str, float]:
    """Σ ln ν (THz) over the real modes at the relaxed vacancy (3N-3) and at the saddle (3N-4)."""
    minimum, saddle = real_mode_log_sums(mode_frequencies(structures["relaxed vacancy"], calc, step, mass),
                                         mode_frequencies(structures["CI-NEB saddle"], calc, step, mass))
    return {"relaxed vacancy": minimum, "CI-NEB saddle": saddle}


def probe_run(run: Path, symbol: str, mass: float, hessian_step: float, threads: int) -> dict:
    potentials = sorted(p.name for p in (run / "potentials").iterdir() if (p / "pair.lmp").is_file())
    if "lj" not in potentials:
        raise FileNotFoundError(f"{run}/potentials/lj/pair.lmp: the probes compare with LJ")
    potentials.remove("lj")
    potentials.insert(0, "lj")
    a0 = reference_lattice_constant(run / "lattice/lj/lattice_0K.json")
    structures = {atoms.info["configuration"]: atoms for atoms in read(run / "vacancy/lj/vacancy_structures.extxyz", ":")}
    cells = round(structures["relaxed vacancy"].cell.lengths()[0] / a0)
    structures["perfect crystal"] = conventional_fcc(a0, symbol).repeat((cells,) * 3)
    results = {}
    for potential in potentials:
        with LammpsCalculator(run / "potentials" / potential / "pair.lmp", {symbol: mass}, threads=threads) as calc:
            isolated = isolated_atom_energy(calc, symbol)
            own = {atoms.info["configuration"]: atoms
                   for atoms in read(run / "vacancy" / potential / "vacancy_structures.extxyz", ":")}
            results[potential] = {"isolated_atom_energy": isolated, "dimer_energy": dimer_curve(calc, symbol, isolated),
                                  **on_lj_geometries(calc, structures, isolated),
                                  "log_frequency_sums": log_frequency_sums(calc, own, mass, hessian_step)}
    reference_forces = results["lj"]["forces"]
    natoms = len(structures["relaxed vacancy"])
    for potential, item in results.items():
        minimum, saddle = (item["log_frequency_sums"][name] - results["lj"]["log_frequency_sums"][name]
                           for name in ("relaxed vacancy", "CI-NEB saddle"))
        item["prefactor_vs_lj"] = {"log_ratio": minimum - saddle, "minimum_log_sum_vs_lj": minimum,
                                   "saddle_log_sum_vs_lj": saddle, "minimum_mean_per_mode": minimum / (3 * natoms - 3),
                                   "saddle_mean_per_mode": saddle / (3 * natoms - 4)}
        errors = {}
        for name, forces in item.pop("forces").items():
            delta = np.linalg.norm(forces - reference_forces[name], axis=1)
            errors[name] = {"rms": float(np.sqrt(np.mean(delta**2))), "max": float(delta.max())}
        item["force_error_vs_lj"] = errors
        dimer = np.array(item["dimer_energy"])
        item["dimer_minimum"] = {"distance": float(DIMER_DISTANCES[np.argmin(dimer)]), "energy": float(dimer.min())}
    results["lj"].pop("force_error_vs_lj")
    return {"run": str(run), "lj_lattice_constant": a0, "dimer_distances": DIMER_DISTANCES.tolist(),
            "potentials": results}


def plot(probes: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    r = np.array(probes["dimer_distances"])
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for potential, item in probes["potentials"].items():
        style = {"color": "black", "lw": 2.5} if potential == "lj" else {"lw": 1.2}
        ax.plot(r, 1e3 * np.array(item["dimer_energy"]), label=potential, **style)
    ax.set_ylim(-15, 15)
    ax.axhline(0, color="grey", lw=0.5)
    ax.set_xlabel("dimer distance (Å)")
    ax.set_ylabel("E(r) − 2 E(atom) (meV)")
    ax.set_title(f"Ar dimer, {Path(probes['run']).name}")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=130)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run", type=Path, help="a finished run directory, e.g. results/generalization")
    parser.add_argument("--out", type=Path, required=True, help="JSON to write; the figure goes beside it (.png)")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    config = yaml.safe_load((args.run / "config.yaml").read_text())
    symbol, mass = config["element"], config["mass"]
    probes = probe_run(args.run, symbol, mass, config["vacancy"]["hessian_step"], args.threads)
    write_json(args.out, probes)
    plot(probes, args.out.with_suffix(".png"))
    for potential, item in probes["potentials"].items():
        forces = item.get("force_error_vs_lj", {})
        print(f"{potential:28s} E1 {item['isolated_atom_energy']:+.4f} eV  dimer min {item['dimer_minimum']['energy']*1e3:+7.2f} meV"
              f" at {item['dimer_minimum']['distance']:.2f} A  E_coh(LJ a0) {item['cohesive_energy_at_lj_a0']*1e3:7.2f} meV"
              f"  E_f on LJ geometry {item['vacancy_formation_energy_on_lj_geometry']*1e3:6.2f} meV"
              f"  barrier on LJ path {item['barrier_on_lj_path']*1e3:6.2f} meV"
              f"  ln(nu*/nu*_LJ) {item['prefactor_vs_lj']['log_ratio']:+.3f} = {item['prefactor_vs_lj']['minimum_log_sum_vs_lj']:+.3f}"
              f" (min) - {item['prefactor_vs_lj']['saddle_log_sum_vs_lj']:+.3f} (saddle)  "
              + "  ".join(f"{k}: rms {v['rms']*1e3:.2f} max {v['max']*1e3:.2f} meV/A" for k, v in forces.items()))


if __name__ == "__main__":
    main()
