"""LAMMPS lattice constants of LJ argon against the closed-form FCC lattice sum."""

import itertools

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from conftest import CUTOFF, DECKS, EPSILON, MASS, SIGMA
from solidbench.lattice import block_average, lattice_0k


def fcc_distances(a: float, rmax: float) -> np.ndarray:
    """All neighbour distances from one FCC site out to rmax."""
    basis = np.array([[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]])
    n = int(np.ceil(rmax / a)) + 1
    cells = np.array(list(itertools.product(range(-n, n + 1), repeat=3)))
    points = (cells[:, None, :] + basis[None, :, :]).reshape(-1, 3) * a
    r = np.linalg.norm(points, axis=1)
    return r[(r > 0) & (r < rmax)]


def lj_energy_per_atom(a: float, shift: bool = True) -> float:
    def v(r):
        return 4 * EPSILON * ((SIGMA / r) ** 12 - (SIGMA / r) ** 6)

    r = fcc_distances(a, CUTOFF)
    return 0.5 * np.sum(v(r) - (v(CUTOFF) if shift else 0.0))


def test_lattice_0k_matches_lattice_sum(tmp_path, lj_pair_file):
    exact = minimize_scalar(lj_energy_per_atom, bounds=(5.0, 5.6), method="bounded", options={"xatol": 1e-9})
    quantities = lattice_0k(DECKS / "lattice_0K.lmp", lj_pair_file, "lj", 5.3, 3, MASS, tmp_path / "l.json",
                            tmp_path / "l.log")
    # the minimiser stops at a residual pressure of ~1e-3 bar: 1e-6 A in a
    assert quantities["lattice_constant"]["value"] == pytest.approx(exact.x, abs=1e-5)
    assert quantities["cohesive_energy"]["value"] == pytest.approx(-exact.fun, abs=1e-8)


def test_block_average_of_white_noise():
    rng = np.random.default_rng(3)
    samples = rng.normal(2.0, 0.5, size=100_000)
    mean, err = block_average(samples)
    expected_err = 0.5 / np.sqrt(samples.size)
    assert mean == pytest.approx(2.0, abs=5 * expected_err)
    # the block estimate of the error has ~ 1/sqrt(2*(10-1)) = 24% relative scatter
    assert err == pytest.approx(expected_err, rel=0.75)
