"""Minimum-energy paths on the Müller-Brown surface (known saddle), and the LJ vacancy."""

import numpy as np
import pytest
from ase import Atoms
from ase.calculators.calculator import Calculator, all_changes

from conftest import MASS
from solidbench.calculator import LammpsCalculator
from solidbench.vacancy import (climbing_image_neb, formation_energy, path_coordinate, relax, saddle_modes,
                                string_method, tst_hop_rate, vacancy_endpoints, vineyard)

# Müller & Brown, Theor. Chim. Acta 53, 75 (1979), in its own units
MB_A, MB_a, MB_b, MB_c = (-200, -100, -170, 15), (-1, -1, -6.5, 0.7), (0, 0, 11, 0.6), (-10, -10, -6.5, 0.7)
MB_X0, MB_Y0 = (1, 0, -0.5, -1), (0, 0.5, 1.5, 1)
MINIMUM_A, MINIMUM_C = (-0.558224, 1.441726), (-0.050011, 0.466694)
SADDLE_AC, E_SADDLE_AC, E_A = (-0.822002, 0.624313), -40.664843, -146.699517
# ... scaled to an atomic hop (eV, A): a 0.106 eV barrier over about 2 A, curvatures of order
# 1 eV/A^2, so that the path optimisers meet the step sizes they meet in a crystal
ENERGY, LENGTH = 1e-3, 2.0
BARRIER = (E_SADDLE_AC - E_A) * ENERGY


class MullerBrown(Calculator):
    implemented_properties = ["energy", "forces"]

    def calculate(self, atoms=None, properties=("energy",), system_changes=all_changes):
        super().calculate(atoms, properties, system_changes)
        x, y, _ = self.atoms.positions[0] / LENGTH
        energy, gx, gy = 0.0, 0.0, 0.0
        for A, a, b, c, x0, y0 in zip(MB_A, MB_a, MB_b, MB_c, MB_X0, MB_Y0):
            dx, dy = x - x0, y - y0
            term = A * np.exp(a * dx * dx + b * dx * dy + c * dy * dy)
            energy += term
            gx += term * (2 * a * dx + b * dy)
            gy += term * (b * dx + 2 * c * dy)
        self.results = {"energy": ENERGY * energy, "forces": -ENERGY / LENGTH * np.array([[gx, gy, 0.0]])}


def point(x, y):
    return Atoms("H", positions=[[LENGTH * x, LENGTH * y, 0.0]], cell=[50, 50, 50], pbc=False)


def test_endpoints_are_minima():
    for x, y in (MINIMUM_A, MINIMUM_C):
        atoms = point(x, y)
        atoms.calc = MullerBrown()
        # 6-decimal coordinates on a surface with curvatures of order 1 eV/A^2
        assert np.abs(atoms.get_forces()).max() < 5e-6
        assert atoms.get_potential_energy() >= E_A * ENERGY - 1e-9


def test_string_method_finds_the_muller_brown_barrier():
    path, energies, barrier = string_method(point(*MINIMUM_A), point(*MINIMUM_C), MullerBrown, 7, fmax=1e-4)
    # the fit through 7 images' energies and slopes straddles the saddle: measured 0.2 % below the
    # barrier, where the images' own highest energy is 4 % below it
    assert barrier == pytest.approx(BARRIER, rel=3e-3)
    assert energies.max() - energies[0] < barrier
    s = path_coordinate(path)
    np.testing.assert_allclose(np.diff(s), 1 / 8, rtol=0.02)  # equal arc length


def test_climbing_image_neb_sits_on_the_muller_brown_saddle():
    path, energies = climbing_image_neb(point(*MINIMUM_A), point(*MINIMUM_C), MullerBrown, 9, fmax=1e-5)
    assert energies.max() - energies[0] == pytest.approx(BARRIER, abs=1e-5)
    np.testing.assert_allclose(path[int(np.argmax(energies))].positions[0, :2] / LENGTH, SADDLE_AC, atol=2e-3)


def test_vineyard_of_a_one_dimensional_well():
    """Modes (THz) with three translations; the saddle loses one real mode to the imaginary one."""
    minimum = np.array([0, 0, 0, 1.0, 2.0, 3.0])
    saddle = np.array([-0.5, 0, 0, 0, 2.0, 3.0])
    assert vineyard(minimum, saddle) == pytest.approx(1.0 * 2.0 * 3.0 / (2.0 * 3.0))
    assert tst_hop_rate(1.0, 0.0, 50.0) == pytest.approx(12.0)


def test_lj_vacancy_hop_has_one_unstable_mode(lj_pair_file):
    """LJ argon, 31-atom cell: a relaxed vacancy, a CI-NEB saddle with exactly one imaginary mode."""
    a = 5.2686516
    calc = lambda: LammpsCalculator(lj_pair_file, {"Ar": MASS})  # noqa: E731
    perfect, initial, final = vacancy_endpoints(a, 2)
    for atoms in (initial, final):
        relax(atoms, calc(), fmax=1e-4)
    path, energies = climbing_image_neb(initial, final, calc, 5, fmax=1e-3)
    assert energies[0] == pytest.approx(energies[-1], abs=1e-6)  # the two end points are equivalent
    barrier = energies.max() - energies[0]
    assert 0.02 < barrier < 0.1  # eV: a few epsilon
    # the string's fitted barrier reaches the CI-NEB saddle: measured 1.3e-4 below it here, 3e-6 on
    # the default 107-atom cell with 7 images (both at fmax = 1e-4)
    assert string_method(initial, final, calc, 5, fmax=1e-4)[2] == pytest.approx(barrier, rel=1e-3)
    modes = saddle_modes(path[int(np.argmax(energies))], initial, calc(), step=0.005, mass=MASS)
    assert modes["imaginary_modes_saddle"] == 1 and modes["imaginary_modes_minimum"] == 0
    assert 0.1 < modes["prefactor_THz"] < 10


def test_unrelaxed_formation_energy_of_a_pair_potential_is_its_cohesive_energy(lj_pair_file):
    """Closed form for a pair potential: removing an atom breaks its bonds, worth 2 E/N, and the
    (N-1)/N E(N) reference gives one E/N back, so the unrelaxed E_f = -E/N = E_coh exactly (LJ's
    isolated atom is 0). Relaxing the vacancy can only lower it, and the vacancy stays bound."""
    perfect, vacancy, _ = vacancy_endpoints(5.2686516, 3)
    with LammpsCalculator(lj_pair_file, {"Ar": MASS}) as calc:
        perfect.calc = calc
        cohesive = -perfect.get_potential_energy() / len(perfect)
        unrelaxed = formation_energy(perfect, vacancy.copy(), calc, fmax=1e6)  # FIRE stops at step 0
        relaxed = formation_energy(perfect, vacancy.copy(), calc, fmax=1e-4)
    assert unrelaxed == pytest.approx(cohesive, rel=1e-10)
    assert 0 < relaxed < unrelaxed


def test_lj_divacancy_against_ase_lennard_jones(lj_pair_file):
    """The nearest-neighbour divacancy through LAMMPS against the same cells relaxed with ASE's own
    LJ calculator (an independent energy and force code, same cutoff and shift). Unrelaxed, a pair
    potential gives the closed form: a divacancy breaks 2 x 12 - 1 bonds, so E_f(2) = 2 E_f(1) - phi(nn)
    and the binding energy is -phi(r_nn), the broken bond's energy."""
    from ase.calculators.lj import LennardJones

    from conftest import CUTOFF, EPSILON, SIGMA
    from solidbench.vacancy import divacancy_energies

    a = 5.2686516
    r_nn = a / 2**0.5
    bond = 4 * EPSILON * ((SIGMA / r_nn) ** 12 - (SIGMA / r_nn) ** 6) - 4 * EPSILON * ((SIGMA / CUTOFF) ** 12
                                                                                       - (SIGMA / CUTOFF) ** 6)
    perfect, vacancy, _ = vacancy_endpoints(a, 3)
    results = {}
    with LammpsCalculator(lj_pair_file, {"Ar": MASS}) as lammps:
        for name, calc in (("lammps", lammps), ("ase", LennardJones(epsilon=EPSILON, sigma=SIGMA, rc=CUTOFF,
                                                                    smooth=False))):
            unrelaxed_one = formation_energy(perfect.copy(), vacancy.copy(), calc, fmax=1e6)
            unrelaxed = divacancy_energies(perfect.copy(), unrelaxed_one, calc, a, fmax=1e6)
            assert unrelaxed["binding"] == pytest.approx(-bond, rel=1e-8), name
            one = formation_energy(perfect.copy(), vacancy.copy(), calc, fmax=1e-4)
            results[name] = divacancy_energies(perfect.copy(), one, calc, a, fmax=1e-4)
    assert results["lammps"]["formation"] == pytest.approx(results["ase"]["formation"], rel=1e-4)
    assert results["lammps"]["binding"] == pytest.approx(results["ase"]["binding"], rel=1e-2)
    assert results["lammps"]["binding"] > 0
