"""Minimum-energy paths on the Müller-Brown surface (known saddle), and the LJ vacancy."""

import numpy as np
import pytest
from ase import Atoms
from ase.calculators.calculator import Calculator, all_changes

from conftest import MASS
from solidbench.calculator import LammpsCalculator
from solidbench.vacancy import (climbing_image_neb, fitted_barrier, path_coordinate, relax, saddle_modes,
                                string_method, tst_hop_rate, vacancy_endpoints, vineyard)

# Müller & Brown, Theor. Chim. Acta 53, 75 (1979)
MB_A, MB_a, MB_b, MB_c = (-200, -100, -170, 15), (-1, -1, -6.5, 0.7), (0, 0, 11, 0.6), (-10, -10, -6.5, 0.7)
MB_X0, MB_Y0 = (1, 0, -0.5, -1), (0, 0.5, 1.5, 1)
MINIMUM_A, MINIMUM_C = (-0.558224, 1.441726), (-0.050011, 0.466694)
SADDLE_AC, E_SADDLE_AC, E_A = (-0.822002, 0.624313), -40.664843, -146.699517


class MullerBrown(Calculator):
    implemented_properties = ["energy", "forces"]

    def calculate(self, atoms=None, properties=("energy",), system_changes=all_changes):
        super().calculate(atoms, properties, system_changes)
        x, y, _ = self.atoms.positions[0]
        energy, gx, gy = 0.0, 0.0, 0.0
        for A, a, b, c, x0, y0 in zip(MB_A, MB_a, MB_b, MB_c, MB_X0, MB_Y0):
            dx, dy = x - x0, y - y0
            term = A * np.exp(a * dx * dx + b * dx * dy + c * dy * dy)
            energy += term
            gx += term * (2 * a * dx + b * dy)
            gy += term * (b * dx + 2 * c * dy)
        self.results = {"energy": energy, "forces": np.array([[-gx, -gy, 0.0]])}


def point(x, y):
    return Atoms("H", positions=[[x, y, 0.0]], cell=[50, 50, 50], pbc=False)


def test_endpoints_are_minima():
    for x, y in (MINIMUM_A, MINIMUM_C):
        atoms = point(x, y)
        atoms.calc = MullerBrown()
        # 6-decimal coordinates on a surface with curvatures of order 1e3
        assert np.abs(atoms.get_forces()).max() < 5e-3


@pytest.mark.parametrize("images, tolerance", [(7, 0.3), (15, 0.05)])
def test_string_method_finds_the_muller_brown_barrier(images, tolerance):
    path, energies, forces = string_method(point(*MINIMUM_A), point(*MINIMUM_C), MullerBrown(), images,
                                           fmax=0.05, step=1e-4)
    x = np.array([image.positions.ravel() for image in path])
    # the Hermite fit through the images' energies and slopes straddles the saddle: its error
    # (out of a barrier of 106) shrinks as the images get denser
    assert fitted_barrier(x, energies, forces) == pytest.approx(E_SADDLE_AC - E_A, abs=tolerance)
    s = path_coordinate(path)
    np.testing.assert_allclose(np.diff(s), 1 / (images + 1), rtol=0.02)  # equal arc length


def test_climbing_image_neb_sits_on_the_muller_brown_saddle():
    path, energies = climbing_image_neb(point(*MINIMUM_A), point(*MINIMUM_C), MullerBrown, 9, fmax=0.01)
    assert energies.max() - energies[0] == pytest.approx(E_SADDLE_AC - E_A, abs=0.01)
    np.testing.assert_allclose(path[int(np.argmax(energies))].positions[0, :2], SADDLE_AC, atol=2e-3)


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
    string, e_string, f_string = string_method(initial, final, calc(), 5, fmax=1e-3, step=1.0)
    x = np.array([image.positions.ravel() for image in string])
    assert fitted_barrier(x, e_string, f_string) == pytest.approx(barrier, rel=0.02)
    modes = saddle_modes(path[int(np.argmax(energies))], initial, calc(), step=0.005, mass=MASS)
    assert modes["imaginary_modes_saddle"] == 1 and modes["imaginary_modes_minimum"] == 0
    assert 0.1 < modes["prefactor_THz"] < 10
