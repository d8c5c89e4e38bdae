"""How far each benchmark configuration lies from a model's training data, in the model's own
descriptor space, and each benchmark row's error against that distance.

An atom's novelty is the Euclidean distance from its invariant MACE descriptor (mace-torch's
`get_descriptors`: the node features the readout sees) to the nearest descriptor of any atom of the
training frames, in units of the training descriptors' own spread (the RMS distance from their
mean): 0 for an environment the model was trained on, about 1 for one as far away as the training
set is wide. A configuration's novelty is its largest atom novelty: one unseen environment is enough
for an error. Each configuration is measured in LJ's geometry (the same structures for every model)
and, where the benchmark relaxes it, in the model's own relaxed geometry too: a model that relaxes
a defect into something no training frame holds (a collapsed pair) is far from its data there even
when LJ's geometry is not. A row takes the larger of the two.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from ase import Atoms
from ase.io import read

from .dimer import BOX, dimer_atoms
from .settings import EOSSettings
from .structure import conventional_fcc

# each benchmark row of a 0 K benchmark -> the configurations behind it (names below); rows of MD
# benchmarks (finite temperature) have none and are left out of the figure
ROW_CONFIGURATIONS = {
    ("training", "force_rmse_test"): ["test frames"],
    ("lattice", "isolated_atom_energy"): ["isolated atom"],
    ("lattice", "cohesive_energy"): ["crystal", "isolated atom"],
    ("lattice", "lattice_constant"): ["crystal"],
    ("lattice", "lattice_constant_eos"): ["E(V) narrow window"],
    ("lattice", "bulk_modulus"): ["E(V) narrow window"],
    ("lattice", "bulk_modulus_derivative"): ["E(V) wide window"],
    **{("phonons_0K", f"freq_{point}_{branch}"): ["crystal"] for point in "LX" for branch in ("LA", "TA")},
    ("elastic", "elastic_c11"): ["crystal"], ("elastic", "elastic_c12"): ["crystal"],
    ("elastic", "elastic_c44"): ["crystal"], ("elastic", "cauchy_pressure"): ["crystal"],
    ("vacancy_static", "vacancy_formation_energy"): ["relaxed vacancy"],
    ("vacancy_static", "divacancy_binding_energy"): ["relaxed vacancy", "relaxed divacancy"],
    ("vacancy_mep", "migration_barrier_neb"): ["relaxed vacancy", "CI-NEB saddle"],
    ("vacancy_mep", "tst_prefactor"): ["relaxed vacancy", "CI-NEB saddle"],
    **{("surfaces", f"surface_energy_{plane}"): [f"({plane}) slab"] for plane in ("100", "110", "111")},
    ("stacking_fault", "stacking_fault_isf"): ["intrinsic fault"],
    ("stacking_fault", "stacking_fault_us"): ["unstable fault"],
    **{("interstitial", f"interstitial_formation_{name}"): [name]
       for name in ("octahedral", "tetrahedral", "dumbbell_100", "dumbbell_110", "dumbbell_111")},
    ("interstitial", "interstitial_migration_barrier"): ["dumbbell_100", "dumbbell_100 saddle"],
    ("interstitial", "interstitial_closest_pair"): ["octahedral", "tetrahedral", "dumbbell_100", "dumbbell_110",
                                                    "dumbbell_111"],
    ("dimer", "dimer_min_energy"): ["dimer"], ("dimer", "dimer_min_distance"): ["dimer"],
}


def strained_crystal(a: float, cells: int, symbol: str, strain: float) -> Atoms:
    return conventional_fcc(a * (1 + strain), symbol).repeat((cells,) * 3)


def relaxed_configurations(structure_files: list) -> dict[str, list[Atoms]]:
    """The relaxed defects a benchmark wrote (extxyz, named by info["configuration"])."""
    return {atoms.info["configuration"]: [atoms] for path in structure_files for atoms in read(path, ":", format="extxyz")}


def benchmark_configurations(a: float, eos: EOSSettings, dimer_distance: float, structure_files: list,
                             test_frames: list[Atoms]) -> dict[str, list[Atoms]]:
    """Every configuration named in ROW_CONFIGURATIONS, by name, each a list of structures: LJ's
    crystal at its 0 K lattice constant and at the end points of the E(V) fits' windows, the
    isolated atom, the dimer at LJ's minimum, the held-out test frames, and the relaxed defects the
    benchmarks wrote (extxyz files whose structures carry info["configuration"])."""
    cells, symbol = eos.cells, eos.element
    configurations = {"crystal": [strained_crystal(a, cells, symbol, 0.0)],
                      "isolated atom": [Atoms(symbol, positions=[(0, 0, 0)], cell=[BOX] * 3, pbc=True)],
                      "dimer": [dimer_atoms(symbol, dimer_distance)],
                      "test frames": test_frames}
    for window, strain in (("narrow", eos.b0_strain), ("wide", eos.strain)):
        configurations[f"E(V) {window} window"] = [strained_crystal(a, cells, symbol, s) for s in (-strain, strain)]
    return {**configurations, **relaxed_configurations(structure_files)}


class TrainingEnvironments:
    """The descriptors of every atom of the training frames, searchable for the nearest one."""

    def __init__(self, descriptors: np.ndarray):
        from scipy.spatial import cKDTree

        self.tree = cKDTree(descriptors)
        self.scale = float(np.sqrt(np.mean(np.sum((descriptors - descriptors.mean(axis=0)) ** 2, axis=1))))

    def novelty(self, descriptors: np.ndarray) -> np.ndarray:
        """Per-atom distance to the nearest training environment, in units of the training spread."""
        return self.tree.query(descriptors)[0] / self.scale


def model_environments(model_file, training_frames: list[Atoms]):
    """The training atoms' environments in `model_file`'s descriptors (MACECalculator, float64), and
    `describe(atoms)`, the (atoms x features) descriptors of any structure in the same space."""
    from mace.calculators import MACECalculator

    calc = MACECalculator(model_paths=str(model_file), device="cpu", default_dtype="float64")

    def describe(atoms: Atoms) -> np.ndarray:
        return calc.get_descriptors(atoms.copy(), invariants_only=True)

    return TrainingEnvironments(np.concatenate([describe(atoms) for atoms in training_frames])), describe


def configuration_novelty(environments: TrainingEnvironments, describe, configurations: dict[str, list[Atoms]]
                          ) -> pd.DataFrame:
    """Per configuration: its largest and its mean atom novelty (over all its structures), and its
    atom count; `describe(atoms)` gives the (atoms x features) descriptors."""
    rows = []
    for name, structures in configurations.items():
        values = np.concatenate([environments.novelty(describe(atoms)) for atoms in structures])
        rows.append({"configuration": name, "novelty_max": values.max(), "novelty_mean": values.mean(),
                     "atoms": values.size})
    return pd.DataFrame(rows)


def row_novelty(novelty: pd.DataFrame, comparison: pd.DataFrame, potential: str) -> pd.DataFrame:
    """Each static comparison row of `potential` with a configuration: its signed relative error
    against LJ beside the largest novelty among its configurations."""
    by_name = novelty.groupby("configuration")["novelty_max"].max()  # LJ's geometry or the model's own
    rows = comparison[(comparison["potential"] == potential) & comparison["temperature"].isna()]
    out = []
    for r in rows.itertuples(index=False):
        names = ROW_CONFIGURATIONS.get((r.benchmark, r.quantity))
        if not names or pd.isna(r.rel_error):
            continue
        out.append({"benchmark": r.benchmark, "quantity": r.quantity, "configurations": " + ".join(names),
                    "novelty": float(by_name[names].max()),
                    "signed_rel_error": float(np.sign(r.value - r.lj_value) * r.rel_error)})
    return pd.DataFrame(out, columns=["benchmark", "quantity", "configurations", "novelty", "signed_rel_error"])


def novelty_benchmark(model_file, train_file, test_file, lattice_0k_json, dimer_json, lj_structure_files,
                      own_structure_files, eos: EOSSettings, out_csv) -> pd.DataFrame:
    """The novelty of every benchmark configuration for one MACE model (CSV), in LJ's geometry and
    (the relaxed defects in `own_structure_files`) in the model's own."""
    from .io import write_csv
    from .results import result_value

    environments, describe = model_environments(model_file, read(train_file, ":"))
    configurations = benchmark_configurations(result_value(lattice_0k_json, "lattice_constant"), eos,
                                              result_value(dimer_json, "dimer_min_distance"), lj_structure_files,
                                              read(test_file, ":"))
    table = pd.concat([configuration_novelty(environments, describe, configurations).assign(geometry="lj"),
                       configuration_novelty(environments, describe, relaxed_configurations(own_structure_files)
                                             ).assign(geometry="model")], ignore_index=True)
    write_csv(out_csv, table)
    return table
