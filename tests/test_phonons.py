"""0 K phonons: phonopy with LJ forces from LAMMPS against the analytic LJ dynamical matrix."""

import itertools
import math

import numpy as np
import pytest

from conftest import CUTOFF, EPSILON, MASS, SIGMA
from solidbench.calculator import LammpsCalculator
from solidbench.units import EV_A2_AMU_TO_THZ as THZ
from solidbench.hessian import asymmetry, finite_difference_hessian, normal_mode_frequencies
from solidbench.phonons import FCC_POINTS, build_phonopy, compute_force_constants, frequencies_at, pdos_overlap
from solidbench.structure import conventional_fcc

A = 5.2686516  # 0 K lattice constant of shifted LJ argon (tests/test_lattice.py)


def analytic_frequencies(q_cartesian: np.ndarray) -> np.ndarray:
    """Closed form: D(q) = (1/m) Σ_R [1 - cos(q·R)] Φ(R), with the pair force-constant tensor
    Φ_ab(R) = -[φ''(r) - φ'(r)/r] R_a R_b / r² - φ'(r)/r δ_ab for every neighbour R within the cutoff."""
    basis = np.array([[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]])
    cells = np.array(list(itertools.product(range(-3, 4), repeat=3)))
    sites = ((cells[:, None, :] + basis[None]).reshape(-1, 3)) * A
    r = np.linalg.norm(sites, axis=1)
    sites, r = sites[(r > 0) & (r < CUTOFF)], r[(r > 0) & (r < CUTOFF)]
    s6 = (SIGMA / r) ** 6
    d1 = 4 * EPSILON * (-12 * s6**2 + 6 * s6) / r
    d2 = 4 * EPSILON * (156 * s6**2 - 42 * s6) / r**2
    unit = sites / r[:, None]
    phi = -(d2 - d1 / r)[:, None, None] * unit[:, :, None] * unit[:, None, :] - (d1 / r)[:, None, None] * np.eye(3)
    dyn = np.einsum("n,nab->ab", 1 - np.cos(sites @ q_cartesian), phi) / MASS
    return np.sort(np.sqrt(np.abs(np.linalg.eigvalsh(dyn)))) * THZ


@pytest.fixture(scope="module")
def lj_phonons(lj_pair_file):
    phonon = build_phonopy(A, "Ar", MASS, supercell=4)
    calc = LammpsCalculator(lj_pair_file, {"Ar": MASS})
    compute_force_constants(phonon, calc, distance=0.01)
    yield phonon, calc
    calc.close()


@pytest.mark.parametrize("point", ["X", "L", "W", "K"])
def test_phonopy_matches_analytic_lj(point, lj_phonons):
    phonon, _ = lj_phonons
    q_frac = np.array(FCC_POINTS[point])
    q_cart = 2 * np.pi * q_frac @ np.linalg.inv(phonon.primitive.cell).T
    expected = analytic_frequencies(q_cart)
    # central differences with 0.01 A steps: anharmonic error ~1e-5 relative; the 4x4x4 supercell
    # (21 A) is commensurate with X, L, W and K and exceeds twice the 8.5 A cutoff
    np.testing.assert_allclose(frequencies_at(phonon, q_frac), expected, rtol=2e-4)


def test_lj_hessian_is_symmetric(lj_phonons, lj_pair_file):
    _, calc = lj_phonons
    atoms = conventional_fcc(A) * (2, 2, 2)
    atoms.rattle(0.02, seed=1)
    hessian = finite_difference_hessian(atoms, calc, step=0.005)
    # central differences of an exact gradient: asymmetry is O(step^2) anharmonicity + round-off
    assert asymmetry(hessian) < 1e-4
    # a free crystal has exactly three zero modes (translations), the rest real
    frequencies = normal_mode_frequencies(hessian, np.full(len(atoms), MASS))
    assert np.all(np.abs(frequencies[:3]) < 0.05) and np.all(frequencies[3:] > 0.1)


def test_pdos_overlap_limits():
    freq = np.linspace(-5, 15, 4001)  # wide enough that the tails outside hold < 1e-11
    g1 = np.exp(-((freq - 3) ** 2)) / np.sqrt(np.pi)
    g2 = np.exp(-((freq - 7) ** 2)) / np.sqrt(np.pi)
    assert pdos_overlap(freq, g1, g1) == pytest.approx(1.0)
    # the overlap 1 - ½∫|g1 - g2| equals ∫min(g1, g2): two tails beyond the midpoint, erfc(2)
    assert pdos_overlap(freq, g1, g2) == pytest.approx(math.erfc(2.0), rel=1e-4)
