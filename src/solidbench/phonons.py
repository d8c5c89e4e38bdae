"""Lattice dynamics of the perfect FCC crystal.

0 K: phonopy finite displacements with forces from any potential's ASE calculator (for
solidbench potentials, `LammpsCalculator` with the potential's pair file), the phonon DOS on a
q-mesh, the dispersion along Γ-X-W-K-Γ-L, and the asymmetry ||H - H^T||/||H|| of the
central-difference Hessian before any symmetrisation.
Frequencies are in THz (phonopy's default units for eV, angstrom and amu).
"""

from __future__ import annotations

import numpy as np
from ase import Atoms

from .settings import PhononSettings
from .structure import conventional_fcc

# high-symmetry points of the FCC Brillouin zone in the basis of the primitive reciprocal lattice
FCC_POINTS = {"G": (0.0, 0.0, 0.0), "X": (0.5, 0.0, 0.5), "W": (0.5, 0.25, 0.75), "K": (0.375, 0.375, 0.75),
              "L": (0.5, 0.5, 0.5)}
FCC_PATH = ("G", "X", "W", "K", "G", "L")


def build_phonopy(a: float, symbol: str, mass: float, supercell: int):
    from phonopy import Phonopy
    from phonopy.structure.atoms import PhonopyAtoms

    cell = conventional_fcc(a, symbol)
    unit = PhonopyAtoms(symbols=cell.get_chemical_symbols(), cell=cell.cell.array,
                        scaled_positions=cell.get_scaled_positions(), masses=[mass] * len(cell))
    return Phonopy(unit, supercell_matrix=np.diag([supercell] * 3), primitive_matrix="F")


def to_ase(phonopy_atoms) -> Atoms:
    return Atoms(phonopy_atoms.symbols, cell=phonopy_atoms.cell, scaled_positions=phonopy_atoms.scaled_positions,
                 masses=phonopy_atoms.masses, pbc=True)


def compute_force_constants(phonon, calculator, distance: float) -> None:
    """Plus-minus displacements, forces from `calculator`, full force constants."""
    phonon.generate_displacements(distance=distance, is_plusminus=True)
    forces = []
    for supercell in phonon.supercells_with_displacements:
        atoms = to_ase(supercell)
        atoms.calc = calculator
        forces.append(atoms.get_forces().copy())
    phonon.forces = np.array(forces)
    phonon.produce_force_constants(show_drift=False)


def frequencies_at(phonon, q) -> np.ndarray:
    """Sorted frequencies (THz) at q, in the primitive reciprocal basis."""
    return np.sort(phonon.get_frequencies(np.asarray(q, dtype=float)))


def high_symmetry_frequencies(phonon) -> dict[str, float]:
    """TA and LA frequencies at X and L (the TA branch is doubly degenerate there)."""
    out = {}
    for point in ("X", "L"):
        f = frequencies_at(phonon, FCC_POINTS[point])
        out[f"freq_{point}_TA"] = float(np.mean(f[:2]))
        out[f"freq_{point}_LA"] = float(f[2])
    return out


def dispersion(phonon, points_per_segment: int = 51) -> dict:
    """Frequencies along Γ-X-W-K-Γ-L: path distance (1/angstrom, with 2π), labels and bands."""
    from phonopy.phonon.band_structure import get_band_qpoints

    corners = [[FCC_POINTS[p] for p in FCC_PATH]]
    qpoints = get_band_qpoints(corners, npoints=points_per_segment)
    phonon.run_band_structure(qpoints, labels=list(FCC_PATH))
    bands = phonon.get_band_structure_dict()
    distances = np.concatenate(bands["distances"]) * 2 * np.pi
    frequencies = np.concatenate(bands["frequencies"])
    qs = np.concatenate(bands["qpoints"])
    ticks = [float(bands["distances"][0][0] * 2 * np.pi)] + [float(d[-1] * 2 * np.pi) for d in bands["distances"]]
    return {"distance": distances, "qpoints": qs, "frequencies": frequencies, "labels": list(FCC_PATH),
            "ticks": ticks}


def total_dos(phonon, mesh: int, pitch: float) -> tuple[np.ndarray, np.ndarray]:
    """Phonon DOS (tetrahedron method) on a Γ-centred mesh, normalised to unit area."""
    phonon.run_mesh([mesh] * 3, is_gamma_center=True)
    phonon.run_total_dos(freq_min=0.0, freq_pitch=pitch, use_tetrahedron_method=True)
    dos = phonon.get_total_dos_dict()
    freq, g = np.asarray(dos["frequency_points"]), np.clip(np.asarray(dos["total_dos"]), 0.0, None)
    return freq, g / np.trapezoid(g, freq)


def pdos_overlap(freq: np.ndarray, g1: np.ndarray, g2: np.ndarray) -> float:
    """1 - ½∫|g1 - g2| dν for unit-normalised densities on a common grid: 1 for identical spectra,
    0 for spectra with disjoint support."""
    return float(1.0 - 0.5 * np.trapezoid(np.abs(g1 - g2), freq))


def phonons_0k(pair_file, potential: str, a: float, settings: PhononSettings, out_json, out_dispersion,
               out_dos) -> list[dict]:
    """The 0 K phonon benchmark of one potential: writes the contract quantities (JSON), the
    dispersion and the DOS (CSV)."""
    import pandas as pd

    from .calculator import LammpsCalculator
    from .hessian import asymmetry, finite_difference_hessian
    from .results import quantity, write_result

    s = settings
    with LammpsCalculator(pair_file, {s.element: s.mass}) as calc:
        phonon = build_phonopy(a, s.element, s.mass, s.supercell)
        compute_force_constants(phonon, calc, s.displacement)
        # ~0 for a conservative force field up to numerical noise, O(1) for one that predicts forces
        # directly without an energy (the paper's point)
        hessian = finite_difference_hessian(conventional_fcc(a, s.element) * ((s.hessian_cells,) * 3), calc,
                                            s.hessian_step)
    band = dispersion(phonon, s.band_points)
    freq, dos = total_dos(phonon, s.mesh, s.dos_pitch)
    table = pd.DataFrame({"distance": band["distance"]})
    for k, name in enumerate(("qa", "qb", "qc")):
        table[name] = band["qpoints"][:, k]
    for branch in range(band["frequencies"].shape[1]):
        table[f"branch_{branch + 1}"] = band["frequencies"][:, branch]
    table.to_csv(out_dispersion, index=False, float_format="%.8g")
    pd.DataFrame({"frequency": freq, "dos": dos}).to_csv(out_dos, index=False, float_format="%.8g")
    quantities = [quantity(name, value, "THz") for name, value in high_symmetry_frequencies(phonon).items()]
    quantities.append(quantity("hessian_asymmetry", asymmetry(hessian), "1"))
    write_result(out_json, potential, "phonons_0K", quantities, lattice_constant=a, supercell=s.supercell,
                 displacement=s.displacement, mesh=s.mesh, ticks=band["ticks"], labels=band["labels"],
                 hessian_cell_atoms=4 * s.hessian_cells**3, hessian_step=s.hessian_step)
    return quantities


def pdos_overlap_csv(dos_csv, reference_dos_csv) -> float:
    """PDOS overlap of two `frequency,dos` CSV files, on the union of their grids."""
    import pandas as pd

    dos, ref = pd.read_csv(dos_csv), pd.read_csv(reference_dos_csv)
    grid = np.union1d(dos["frequency"], ref["frequency"])
    g = np.interp(grid, dos["frequency"], dos["dos"], right=0.0)
    g_ref = np.interp(grid, ref["frequency"], ref["dos"], right=0.0)
    return pdos_overlap(grid, g / np.trapezoid(g, grid), g_ref / np.trapezoid(g_ref, grid))


def compare_phonons_0k(potential: str, dispersion_csv, dos_csv, reference_dispersion_csv, reference_dos_csv,
                       out_json) -> list[dict]:
    """An MLFF's 0 K phonons against LJ's: PDOS overlap and the largest frequency error on the path."""
    import pandas as pd

    from .results import REFERENCE, quantity, write_result

    band, ref_band = pd.read_csv(dispersion_csv), pd.read_csv(reference_dispersion_csv)
    branches = [c for c in band.columns if c.startswith("branch_")]
    errors = np.abs(band[branches].to_numpy() - ref_band[branches].to_numpy())
    quantities = [quantity("pdos_overlap", pdos_overlap_csv(dos_csv, reference_dos_csv), "1"),
                  quantity("max_freq_error_path", errors.max(), "THz")]
    worst = np.unravel_index(errors.argmax(), errors.shape)
    write_result(out_json, potential, "phonons_0K", quantities, reference=REFERENCE,
                 worst_error_at={"distance": float(band["distance"][worst[0]]), "branch": branches[worst[1]]})
    return quantities
