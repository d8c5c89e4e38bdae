"""Farther from the training data: elastic constants and the dimer curve, LJ through LAMMPS against
answers computed independently (the Born lattice sum, the closed-form pair), and the checks that
tell a many-body model from a pair potential."""

import numpy as np
import pytest
from ase.calculators.emt import EMT
from scipy.optimize import minimize_scalar

from conftest import CUTOFF, EPSILON, MASS, SIGMA
from solidbench.calculator import LammpsCalculator
from solidbench.dimer import dimer_benchmark
from solidbench.elastic import cubic_elastic_constants, elastic_benchmark
from solidbench.results import find_quantity, quantity, write_result
from solidbench.settings import DimerSettings, ElasticSettings
from solidbench.structure import conventional_fcc
from solidbench.units import GPA_TO_EV_PER_A3


def lj(r):
    return 4 * EPSILON * ((SIGMA / r) ** 12 - (SIGMA / r) ** 6)


def lj_derivatives(r):
    d1 = 4 * EPSILON * (-12 * SIGMA**12 / r**13 + 6 * SIGMA**6 / r**7)
    d2 = 4 * EPSILON * (156 * SIGMA**12 / r**14 - 42 * SIGMA**6 / r**8)
    return d1, d2


def neighbour_vectors(a):
    """Every lattice vector of the FCC lattice shorter than LJ's cutoff."""
    basis = a * np.array([[0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]])
    n = np.arange(-6, 7)
    points = np.stack(np.meshgrid(n, n, n, indexing="ij"), -1).reshape(-1, 3) @ basis
    r = np.linalg.norm(points, axis=1)
    return points[(r > 0) & (r < CUTOFF)]


def lattice_sum_minimum():
    def energy(a):
        r = np.linalg.norm(neighbour_vectors(a), axis=1)
        return 0.5 * np.sum(lj(r) - lj(CUTOFF))
    return minimize_scalar(energy, bounds=(5.0, 5.6), method="bounded", options={"xatol": 1e-10}).x


def born_elastic_constants(a):
    """C11, C12 (= C44) of the FCC pair crystal at zero stress, exactly: C_abcd = 1/(2 Omega) sum_j
    (phi'' - phi'/r) r_a r_b r_c r_d / r^2 (GPa)."""
    vectors = neighbour_vectors(a)
    r = np.linalg.norm(vectors, axis=1)
    d1, d2 = lj_derivatives(r)
    weight = (d2 - d1 / r) / r**2 / (2 * a**3 / 4)
    x, y = vectors[:, 0], vectors[:, 1]
    return np.sum(weight * x**4) / GPA_TO_EV_PER_A3, np.sum(weight * x**2 * y**2) / GPA_TO_EV_PER_A3


def test_lj_elastic_constants_match_the_born_lattice_sum(tmp_path, lj_pair_file):
    """At LJ's zero-pressure lattice constant C11 and C12 = C44 are the Born sums; the finite
    differences of +-0.2 % strain are exact to O(strain^2) (measured: within 2e-5 relative); the
    Cauchy pressure vanishes and (C11 + 2 C12)/3 is the bulk modulus."""
    a0 = lattice_sum_minimum()
    c11, c12 = born_elastic_constants(a0)
    lattice = tmp_path / "lattice_0K.json"
    write_result(lattice, "lj", "lattice", [quantity("lattice_constant", a0, "angstrom")])
    settings = ElasticSettings(element="Ar", mass=MASS, cells=2, strain=0.002)
    rows = elastic_benchmark(lj_pair_file, "lj", lattice, settings, tmp_path / "elastic.json")
    value = {q["name"]: q["value"] for q in rows}
    assert value["elastic_c11"] == pytest.approx(c11, rel=5e-4)
    assert value["elastic_c12"] == pytest.approx(c12, rel=5e-4)
    assert value["elastic_c44"] == pytest.approx(c12, rel=5e-4)
    assert abs(value["cauchy_pressure"]) < 1e-3 * c12
    assert value["bulk_modulus_elastic"] == pytest.approx((c11 + 2 * c12) / 3, rel=5e-4)


def test_a_many_body_potential_breaks_the_cauchy_relation():
    """ASE's EMT copper (an embedded-atom-like many-body potential) at its own zero-pressure lattice
    constant: C12 - C44 is tens of GPa, where any pair potential gives zero. The same function runs
    an MLFF through LAMMPS in the pipeline."""
    calc = EMT()

    def energy(a):
        atoms = conventional_fcc(a, "Cu")
        atoms.calc = calc
        return atoms.get_potential_energy()

    a0 = minimize_scalar(energy, bounds=(3.4, 3.8), method="bounded", options={"xatol": 1e-8}).x
    c = cubic_elastic_constants(calc, a0, "Cu", 2, 0.002)
    assert abs(c["pressure"]) < 0.05  # GPa: at its zero-stress lattice constant
    assert c["c12"] - c["c44"] > 0.1 * c["c44"], c


def test_lj_dimer_curve(tmp_path, lj_pair_file):
    """The shifted LJ pair: minimum at 2^(1/6) sigma, depth -epsilon - phi(cutoff); zero from the
    cutoff on."""
    atom = tmp_path / "isolated_atom.json"
    write_result(atom, "lj", "lattice", [quantity("isolated_atom_energy", 0.0, "eV")])
    settings = DimerSettings(element="Ar", mass=MASS, r_min=2.5, r_max=9.0, step=0.05)
    rows = dimer_benchmark(lj_pair_file, "lj", atom, settings, tmp_path / "dimer.json", tmp_path / "dimer.csv")
    assert find_quantity(rows, "dimer_min_distance")["value"] == pytest.approx(2 ** (1 / 6) * SIGMA, rel=1e-4)
    assert find_quantity(rows, "dimer_min_energy")["value"] == pytest.approx(-EPSILON - lj(CUTOFF), abs=1e-9)
    import pandas as pd

    curve = pd.read_csv(tmp_path / "dimer.csv")
    inside = curve["distance"] < CUTOFF
    np.testing.assert_allclose(curve["energy"][inside], lj(curve["distance"][inside]) - lj(CUTOFF), atol=1e-10)
    assert np.abs(curve["energy"][~inside]).max() < 1e-12  # the grid point at 8.5 A is 8.4999... in float


def test_mace_dimer_is_measured_from_its_own_isolated_atoms(tmp_path, plugin):
    """Beyond r_max a MACE model sees two isolated atoms: E(r) - 2 E0 is zero there (float64), and
    the minimum inside is where the model puts it."""
    from mace_fixtures import build_mace_model
    from solidbench.lattice import isolated_atom
    from solidbench.potentials import mace_pair_lines, write_pair_include

    _, lammps_model = build_mace_model(tmp_path / "m.model", num_interactions=1, hidden_irreps="8x0e",
                                       max_ell=1, tables=True)
    pair = tmp_path / "pair.lmp"
    write_pair_include(pair, mace_pair_lines(lammps_model, plugin), "test")
    isolated_atom(pair, "mace-x", "Ar", MASS, tmp_path / "isolated_atom.json")
    settings = DimerSettings(element="Ar", mass=MASS, r_min=2.5, r_max=7.0, step=0.25)
    dimer_benchmark(pair, "mace-x", tmp_path / "isolated_atom.json", settings, tmp_path / "dimer.json",
                    tmp_path / "dimer.csv")
    import pandas as pd

    curve = pd.read_csv(tmp_path / "dimer.csv")
    beyond = curve["distance"] >= 5.0  # the test model's r_max
    assert beyond.sum() >= 4 and np.abs(curve["energy"][beyond]).max() < 1e-9
    assert np.abs(curve["energy"][~beyond]).max() > 1e-4  # the model does interact inside r_max
    with LammpsCalculator(pair, {"Ar": MASS}) as calc:
        c = cubic_elastic_constants(calc, 5.26, "Ar", 2, 0.002)
    assert np.isfinite([c["c11"], c["c12"], c["c44"]]).all()
