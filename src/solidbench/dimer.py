"""The dimer curve: two atoms alone in a box, the configuration farthest from a crystal."""

from __future__ import annotations

import numpy as np
import pandas as pd
from ase import Atoms

BOX = 30.0  # angstrom: vacuum wider than twice any cutoff here (LJ 8.5 A, MACE r_max 7 A)


def dimer_atoms(symbol: str, distance: float) -> Atoms:
    """Two atoms `distance` apart in an empty periodic box."""
    return Atoms(2 * symbol, positions=[(0.0, 0.0, 0.0), (distance, 0.0, 0.0)], cell=[BOX] * 3, pbc=True)


def pair_energy(calculator, symbol: str, distance: float) -> float:
    """Energy (eV) of two atoms `distance` apart in an empty periodic box."""
    atoms = dimer_atoms(symbol, distance)
    atoms.calc = calculator
    return float(atoms.get_potential_energy())


def dimer_curve(calculator, symbol: str, r_min: float, r_max: float, step: float,
                isolated_atom_energy: float) -> tuple[pd.DataFrame, dict]:
    """E(r) - 2 E(isolated atom) on a grid, and its global minimum (position and depth), refined by
    a bounded 1D minimisation between the grid points either side of the lowest one."""
    from scipy.optimize import minimize_scalar

    distances = np.arange(r_min, r_max + step / 2, step)
    energies = np.array([pair_energy(calculator, symbol, r) - 2 * isolated_atom_energy for r in distances])
    lowest = int(np.argmin(energies))
    bounds = (distances[max(lowest - 1, 0)], distances[min(lowest + 1, len(distances) - 1)])
    found = minimize_scalar(lambda r: pair_energy(calculator, symbol, r) - 2 * isolated_atom_energy, bounds=bounds,
                            method="bounded", options={"xatol": 1e-5})
    return (pd.DataFrame({"distance": distances, "energy": energies}),
            {"distance": float(found.x), "energy": float(found.fun)})


def sign_changes(energies: np.ndarray) -> int:
    """How often the slope of a sampled E(r) changes sign where E is not flat: 1 for a pair
    potential with one well (LJ), more for a curve with spurious wells or bumps."""
    slope = np.diff(energies)
    # eV per grid step: above float32 noise (~1e-7 eV here), below LJ's slope just inside its cutoff (6e-6)
    signs = np.sign(slope[np.abs(slope) > 1e-6])
    return int(np.sum(signs[1:] != signs[:-1]))


def dimer_benchmark(pair_file, potential: str, isolated_atom_json, settings, out_json, out_csv) -> list[dict]:
    """The dimer benchmark of one potential: E(r) from its own isolated atoms (CSV), the global
    minimum's position and depth, and how often the pair force changes sign along r (JSON)."""
    from .calculator import LammpsCalculator
    from .io import write_csv
    from .results import quantity, result_value, write_result

    e_atom = result_value(isolated_atom_json, "isolated_atom_energy")
    with LammpsCalculator(pair_file, {settings.element: settings.mass}) as calc:
        curve, minimum = dimer_curve(calc, settings.element, settings.r_min, settings.r_max, settings.step, e_atom)
    write_csv(out_csv, curve)
    quantities = [quantity("dimer_min_distance", minimum["distance"], "angstrom"),
                  quantity("dimer_min_energy", minimum["energy"], "eV"),
                  quantity("dimer_force_sign_changes", sign_changes(curve["energy"].to_numpy()), "1")]
    write_result(out_json, potential, "dimer", quantities, box=BOX, energy_zero="two of the potential's isolated atoms",
                 r_min=settings.r_min, r_max=settings.r_max, step=settings.step)
    return quantities
