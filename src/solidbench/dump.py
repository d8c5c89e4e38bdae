"""LAMMPS text dumps (`dump custom` / `write_dump custom`): one reader for every consumer.

Each frame carries its step, its box as lattice vectors (rows), orthogonal or triclinic, and its
per-atom columns sorted by atom id.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np


@dataclass
class DumpFrame:
    step: int
    cell: np.ndarray  # (3, 3), lattice vectors as rows
    columns: dict[str, np.ndarray]  # per-atom values, sorted by id where the dump has ids

    def vectors(self, *names: str) -> np.ndarray:
        """Columns stacked side by side, e.g. frame.vectors("x", "y", "z") -> (atoms, 3)."""
        return np.column_stack([self.columns[name] for name in names])

    @property
    def positions(self) -> np.ndarray:
        return self.vectors("x", "y", "z")


def _cell(header: str, bounds: np.ndarray) -> np.ndarray:
    """Lattice vectors from the BOX BOUNDS lines (LAMMPS writes the bounding box of a tilted cell)."""
    if "xy" in header:
        xy, xz, yz = bounds[:, 2]
        xlo = bounds[0, 0] - min(0.0, xy, xz, xy + xz)
        xhi = bounds[0, 1] - max(0.0, xy, xz, xy + xz)
        ylo, yhi = bounds[1, 0] - min(0.0, yz), bounds[1, 1] - max(0.0, yz)
        zlo, zhi = bounds[2, 0], bounds[2, 1]
    else:
        xy = xz = yz = 0.0
        (xlo, xhi), (ylo, yhi), (zlo, zhi) = bounds[:, :2]
    return np.array([[xhi - xlo, 0.0, 0.0], [xy, yhi - ylo, 0.0], [xz, yz, zhi - zlo]])


def read_dump(path: str | os.PathLike) -> list[DumpFrame]:
    """All frames of a LAMMPS text dump, in file order."""
    with open(path) as handle:
        lines = handle.read().splitlines()
    frames = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("ITEM: TIMESTEP"):
            raise ValueError(f"{path}: line {i + 1} should start a frame ('ITEM: TIMESTEP'): {lines[i]!r}")
        natoms = int(lines[i + 3])
        cell = _cell(lines[i + 4], np.array([line.split()[:3] for line in lines[i + 5:i + 8]], dtype=float))
        names = lines[i + 8].split()[2:]
        body = lines[i + 9:i + 9 + natoms]
        if len(body) < natoms:
            raise ValueError(f"{path}: truncated frame at step {lines[i + 1]} ({len(body)} of {natoms} atoms)")
        table = np.array(" ".join(body).split(), dtype=float).reshape(natoms, len(names))
        if "id" in names:
            table = table[np.argsort(table[:, names.index("id")], kind="stable")]
        frames.append(DumpFrame(int(lines[i + 1]), cell, {n: table[:, k] for k, n in enumerate(names)}))
        i += 9 + natoms
    return frames
