"""Is it still an FCC crystal? A structural order measure for MD runs.

The translational order parameter S = |(1/N) Σ_j exp(i G·r_j)|², averaged over the four ⟨111⟩
reciprocal-lattice vectors G of the conventional cell, is 1 for the perfect crystal, the
Debye-Waller factor exp(-G²<u²>/3) (about 0.7-0.95 for solid argon) for a vibrating crystal, and of
order 1/N for a liquid or gas. G is taken from the MD box, which holds a whole number of
conventional cells per side, so the measure follows an NPT box.
"""

from __future__ import annotations

import numpy as np
from ase import Atoms
from ase.build import bulk

from .dump import read_dump

SOLID_THRESHOLD = 0.1  # far below any solid (S > 0.5 up to melting), far above a liquid (~1/N)


def fcc_order(positions: np.ndarray, cell: np.ndarray, cells: int) -> float:
    """S(G_111) for positions (atoms, 3) in a box whose lattice vectors (rows of `cell`) each span
    `cells` conventional cells."""
    reciprocal = 2 * np.pi * np.linalg.inv(cell).T * cells  # rows: conventional-cell reciprocal vectors
    values = []
    for signs in ((1, 1, 1), (-1, 1, 1), (1, -1, 1), (1, 1, -1)):
        g = np.asarray(signs, dtype=float) @ reciprocal
        values.append(np.abs(np.mean(np.exp(1j * positions @ g))) ** 2)
    return float(np.mean(values))


def snapshot_order(path, cells: int) -> float:
    """fcc_order of a single-frame `dump custom ... id x y z` file."""
    frame = read_dump(path)[-1]
    return fcc_order(frame.positions, frame.cell, cells)


def conventional_fcc(a: float, symbol: str = "Ar") -> Atoms:
    """The 4-atom conventional cubic FCC cell; `.repeat(n)` gives every benchmark's supercell."""
    return bulk(symbol, "fcc", a=a, cubic=True)
