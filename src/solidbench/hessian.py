"""Finite-difference Hessians and harmonic normal modes (eV/A^2, amu -> THz)."""

from __future__ import annotations

import numpy as np
from ase import Atoms

from .units import EV_A2_AMU_TO_THZ


def finite_difference_hessian(atoms: Atoms, calculator, step: float) -> np.ndarray:
    """H[k, l] = -dF_l/dx_k by central differences of the forces, with no symmetrisation."""
    atoms = atoms.copy()
    atoms.calc = calculator
    x0 = atoms.get_positions()
    n = 3 * len(atoms)
    hessian = np.empty((n, n))
    for k in range(n):
        columns = []
        for sign in (1.0, -1.0):
            x = x0.copy()
            x.flat[k] += sign * step
            atoms.set_positions(x)
            columns.append(atoms.get_forces().ravel().copy())
        hessian[k] = -(columns[0] - columns[1]) / (2 * step)
    return hessian


def asymmetry(hessian: np.ndarray) -> float:
    """||H - H^T|| / ||H|| (Frobenius)."""
    return float(np.linalg.norm(hessian - hessian.T) / np.linalg.norm(hessian))


def normal_mode_frequencies(hessian: np.ndarray, masses: np.ndarray) -> np.ndarray:
    """Signed frequencies (THz) of the symmetrised, mass-weighted Hessian, ascending; imaginary
    modes come out negative."""
    m = np.repeat(masses, 3)
    dynamical = 0.5 * (hessian + hessian.T) / np.sqrt(np.outer(m, m))
    eigenvalues = np.linalg.eigvalsh(dynamical)
    return np.sign(eigenvalues) * np.sqrt(np.abs(eigenvalues)) * EV_A2_AMU_TO_THZ
