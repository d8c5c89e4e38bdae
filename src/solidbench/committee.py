"""Committee disagreement: models of one recipe trained with different seeds agree where the training
data constrain them and drift apart where they extrapolate.

The disagreement of a configuration is the per-atom force spread over the members,
    σ_i = sqrt( (1/M) Σ_m |F_i^m - F̄_i|² ),
averaged over its atoms (and over frames for the training set). The benchmark configurations are
LJ's own: the perfect crystal at LJ's 0 K lattice constant, the relaxed vacancy and the CI-NEB saddle,
each with the same small random displacements (a perfect lattice has zero force by symmetry for
every model, which would hide any disagreement). Their ratio to the training-set value is the
extrapolation signal.
"""

from __future__ import annotations

import numpy as np
from ase.io import read

from .structure import conventional_fcc
from .results import quantity, write_result

RATTLE = 0.05  # angstrom: thermal-like displacements, about the rms of argon near 20 K
MAX_TRAINING_FRAMES = 50


def spread(member_forces: np.ndarray) -> np.ndarray:
    """Per-atom spread (eV/A) of the members' forces (members x atoms x 3)."""
    return np.sqrt(np.mean(np.sum((member_forces - member_forces.mean(axis=0)) ** 2, axis=2), axis=0))


def force_spread(committee, atoms) -> np.ndarray:
    """Per-atom force spread (eV/A) on `atoms` of a committee `MACECalculator` (several model_paths),
    from the members' forces it keeps as results["forces_comm"] (members x atoms x 3)."""
    committee.calculate(atoms.copy(), ["forces"])
    return spread(committee.results["forces_comm"])


def benchmark_configurations(a: float, cells: int, vacancy_structures, element: str, seed: int = 7) -> dict:
    """LJ's perfect crystal, relaxed vacancy and saddle, rattled identically."""
    perfect = conventional_fcc(a, element).repeat((cells,) * 3)
    vacancy, saddle = read(vacancy_structures, index=":2")
    configurations = {"crystal": perfect, "vacancy": vacancy, "saddle": saddle}
    rng = np.random.default_rng(seed)
    for atoms in configurations.values():
        atoms.positions += rng.normal(0.0, RATTLE, atoms.positions.shape)
    return configurations


def committee_disagreement(member_files, train_file, vacancy_structures, a: float, cells: int, element: str,
                           potential: str, out_json) -> list[dict]:
    from mace.calculators import MACECalculator

    members = MACECalculator(model_paths=[str(path) for path in member_files], device="cpu", default_dtype="float64")
    frames = read(train_file, index=":")
    frames = frames[:: max(1, len(frames) // MAX_TRAINING_FRAMES)]
    train_spread = float(np.mean([force_spread(members, atoms).mean() for atoms in frames]))
    quantities = [quantity("committee_force_spread_train", train_spread, "eV/angstrom")]
    for name, atoms in benchmark_configurations(a, cells, vacancy_structures, element).items():
        spread = force_spread(members, atoms)
        quantities += [quantity(f"committee_force_spread_{name}", spread.mean(), "eV/angstrom"),
                       quantity(f"committee_force_spread_{name}_max", spread.max(), "eV/angstrom"),
                       quantity(f"committee_extrapolation_{name}", spread.mean() / train_spread, "1")]
    write_result(out_json, potential, "training", quantities, members=[str(p) for p in member_files],
                 training_frames=len(frames), rattle_angstrom=RATTLE,
                 definition="mean over atoms of the per-atom force spread over members; extrapolation = "
                            "configuration spread / training-frame spread")
    return quantities
