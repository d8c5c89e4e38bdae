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


# --- planar defects: lattice sums (unrelaxed) and ASE's LennardJones (relaxed) ---------------------

A0 = 5.2686516  # LJ's 0 K lattice constant (the lattice-sum minimum above, to 1e-7)
PARTIAL = A0 / 6**0.5
DIRECTIONS = {"100": ([1, 0, 0], [0, 1, 0], [0, 0, 1]), "110": ([0, 0, 1], [1, -1, 0], [1, 1, 0]),
              "111": ([1, -1, 0], [1, 1, -2], [1, 1, 1])}


def shifted_lj(r):
    return np.where(r < CUTOFF, lj(r) - lj(CUTOFF), 0.0)


def cross_plane_sums(plane, shift=0.0):
    """Sum over the pairs that cross a lattice plane of `plane`, per area of one atom of a layer:
    (sum of phi, sum of phi with the upper half shifted by `shift` along the frame's y). Every
    layer of these planes is a 2D Bravais net, so one atom per layer stands for all of it."""
    rotation = np.array([np.asarray(d, float) / np.linalg.norm(d) for d in DIRECTIONS[plane]])
    n = np.arange(-7, 8)
    cubes = np.stack(np.meshgrid(n, n, n, indexing="ij"), -1).reshape(-1, 3)
    basis = np.array([[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]])
    points = (A0 * (cubes[:, None, :] + basis[None]).reshape(-1, 3)) @ rotation.T
    heights = np.round(points[:, 2], 6)
    layers = np.unique(heights[(heights >= 0) & (heights < CUTOFF)])
    spacing = points[heights == layers[1], 2].mean()  # unrounded
    below = points[heights < 0]
    plain = moved = 0.0
    for h in layers:
        atom = points[heights == h][np.argmin(np.linalg.norm(points[heights == h][:, :2], axis=1))]
        plain += shifted_lj(np.linalg.norm(below - atom, axis=1)).sum()
        moved += shifted_lj(np.linalg.norm(below - atom - [0, shift, 0], axis=1)).sum()
    area = A0**3 / 4 / spacing  # per atom of a layer
    return plain / area, moved / area


def test_lj_unrelaxed_surface_and_fault_energies_match_lattice_sums(lj_pair_file):
    """Cleaving the crystal breaks every pair across the plane: gamma = -sum phi / 2A; shifting the
    upper half changes those pairs only: gamma(u) = sum [phi(r + u b_p) - phi(r)] / A. LAMMPS on the
    oriented slabs and the tilted (111) block against these sums over the bare lattice."""
    from solidbench.planar import gsf_curve, surface_energy

    with LammpsCalculator(lj_pair_file, {"Ar": MASS}) as calc:
        def energy(atoms):
            atoms.calc = calc
            return atoms.get_potential_energy()

        for plane in DIRECTIONS:
            gamma, _ = surface_energy(calc, A0, "Ar", plane, 4, 1, 12.0, energy)
            assert gamma == pytest.approx(-cross_plane_sums(plane)[0] / 2, rel=1e-9), plane
        curve, _ = gsf_curve(calc, A0, "Ar", 4, 1, 0.25, energy)
    for u, gamma in zip(curve["u"], curve["unrelaxed"]):
        plain, moved = cross_plane_sums("111", u * PARTIAL)
        assert gamma == pytest.approx(moved - plain, rel=1e-8, abs=1e-12), u
    assert curve["relaxed"].tolist() == curve["unrelaxed"].tolist()  # `energy` does not relax


def test_lj_relaxed_planar_defects_against_ase_lennard_jones(tmp_path, lj_pair_file):
    """The surface and fault benchmarks (LAMMPS) against the same slabs and blocks relaxed with ASE's
    own LJ calculator: within 1 % (measured: 1e-5). Relaxation lowers every energy, the thickness
    is converged to 0.5 %, the intrinsic fault of LJ at this cutoff is nearly degenerate with the
    crystal (|gamma_isf| < 5 % of gamma_us) and gamma_us sits near half a partial."""
    import pandas as pd
    from ase.calculators.lj import LennardJones

    from solidbench.io import read_json
    from solidbench.planar import gsf_curve, periods_for, stacking_fault_benchmark, surface_energy, surfaces_benchmark
    from solidbench.settings import StackingFaultSettings, SurfaceSettings
    from solidbench.units import EV_PER_A2_TO_J_PER_M2
    from solidbench.vacancy import relax

    surfaces = SurfaceSettings(element="Ar", mass=MASS, thickness=20.0, vacuum=12.0, lateral=1, relax_fmax=1e-4)
    rows = {q["name"]: q["value"] for q in surfaces_benchmark(lj_pair_file, "lj", A0, surfaces, tmp_path / "s.json",
                                                              tmp_path / "s.extxyz")}
    assert max(read_json(tmp_path / "s.json")["relative_change_one_period_thinner"].values()) < 0.005
    ase_lj = LennardJones(epsilon=EPSILON, sigma=SIGMA, rc=CUTOFF, smooth=False)
    for plane in DIRECTIONS:
        periods = periods_for(A0, plane, 20.0) + 1
        relaxed, _ = surface_energy(ase_lj, A0, "Ar", plane, periods, 1, 12.0, lambda s: relax(s, ase_lj, 1e-4))
        assert rows[f"surface_energy_{plane}"] == pytest.approx(relaxed * EV_PER_A2_TO_J_PER_M2, rel=1e-2), plane
        assert rows[f"surface_energy_{plane}"] < -cross_plane_sums(plane)[0] / 2 * EV_PER_A2_TO_J_PER_M2

    fault = StackingFaultSettings(element="Ar", mass=MASS, layers=12, lateral=1, step=0.1, relax_fmax=1e-4)
    rows = {q["name"]: q["value"] for q in stacking_fault_benchmark(lj_pair_file, "lj", A0, fault, tmp_path / "f.json",
                                                                    tmp_path / "f.csv", tmp_path / "f.extxyz")}
    curve, _ = gsf_curve(ase_lj, A0, "Ar", 4, 1, 0.1, lambda s: relax(s, ase_lj, 1e-4))
    lammps_curve = pd.read_csv(tmp_path / "f.csv")
    np.testing.assert_allclose(lammps_curve["relaxed"], curve["relaxed"] * EV_PER_A2_TO_J_PER_M2, rtol=1e-2, atol=1e-6)
    assert (lammps_curve["relaxed"] <= lammps_curve["unrelaxed"] + 1e-9).all()
    assert abs(rows["stacking_fault_isf"]) < 0.05 * rows["stacking_fault_us"]
    assert rows["stacking_fault_us"] == pytest.approx(lammps_curve["relaxed"].max(), rel=0.02)
    assert 0.4 < read_json(tmp_path / "f.json")["unstable_fault_at_partials"] < 0.6


def test_lj_interstitials_against_ase_lennard_jones(tmp_path, lj_pair_file):
    """LJ's self-interstitials (3x3x3 cells + 1, LAMMPS): the <100> dumbbell is the one minimum of
    the five configurations and the lowest; each formation energy within 1e-4 of the same
    configuration relaxed with ASE's LennardJones; the CI-NEB top of the dumbbell's jump is a
    first-order saddle, its barrier the energy ASE's calculator gives the written saddle."""
    from ase.calculators.lj import LennardJones
    from ase.io import read

    from solidbench.interstitial import interstitial_at_0K, interstitial_configurations
    from solidbench.io import read_json
    from solidbench.settings import InterstitialSettings
    from solidbench.vacancy import relax

    settings = InterstitialSettings(element="Ar", mass=MASS, cells=3, relax_fmax=1e-4, hessian_step=0.005, images=5,
                                    path_fmax=1e-4)
    rows = {q["name"]: q["value"] for q in interstitial_at_0K(lj_pair_file, "lj", A0, settings, tmp_path / "i.json",
                                                              tmp_path / "i.extxyz")}
    details = read_json(tmp_path / "i.json")
    assert details["minima"] == ["dumbbell_100"] and details["stable"] == "dumbbell_100"
    assert details["saddle_imaginary_modes"] == 1
    assert rows["interstitial_formation_energy"] == rows["interstitial_formation_dumbbell_100"]
    assert 3.1 < rows["interstitial_closest_pair"] < 3.3  # LJ's dumbbells: 3.19-3.25 A apart
    ase_lj = LennardJones(epsilon=EPSILON, sigma=SIGMA, rc=CUTOFF, smooth=False)
    perfect, configurations = interstitial_configurations(A0, 3)
    perfect.calc = ase_lj
    e_perfect = perfect.get_potential_energy()
    for name, atoms in configurations.items():
        formation = relax(atoms, ase_lj, 1e-4) - len(atoms) / len(perfect) * e_perfect
        assert rows[f"interstitial_formation_{name}"] == pytest.approx(formation, rel=1e-4), name
    written = {atoms.info["configuration"]: atoms for atoms in read(tmp_path / "i.extxyz", ":", format="extxyz")}
    saddle, minimum = written["dumbbell_100 saddle"], written["dumbbell_100"]
    saddle.calc, minimum.calc = ase_lj, ase_lj
    barrier = saddle.get_potential_energy() - minimum.get_potential_energy()
    assert rows["interstitial_migration_barrier"] == pytest.approx(barrier, rel=1e-6)
    assert barrier > 0


# --- novelty ---------------------------------------------------------------------------------------

def test_novelty_is_the_distance_to_the_nearest_training_environment():
    """Planted descriptors: training points on a line with spread 1; a training point's novelty is 0,
    a point 0.5 beyond the last one 0.5, and a configuration takes its largest atom."""
    import pandas as pd

    from solidbench.novelty import TrainingEnvironments, configuration_novelty, row_novelty

    training = np.array([[x, 0.0] for x in (-1.0, 1.0)])  # RMS distance from the mean: 1
    environments = TrainingEnvironments(training)
    np.testing.assert_allclose(environments.novelty(training), 0.0)
    np.testing.assert_allclose(environments.novelty(np.array([[1.5, 0.0], [0.0, 0.0]])), [0.5, 1.0])
    table = configuration_novelty(environments, lambda atoms: atoms, {"seen": [training],
                                                                      "far": [training, np.array([[4.0, 0.0]])]})
    assert table.set_index("configuration")["novelty_max"].to_dict() == {"seen": 0.0, "far": 3.0}
    comparison = pd.DataFrame([{"potential": "mace-x", "benchmark": "lattice", "quantity": "cohesive_energy",
                                "temperature": np.nan, "value": 0.9, "lj_value": 1.0, "rel_error": 0.1},
                               {"potential": "mace-x", "benchmark": "vacancy_md", "quantity": "hop_rate",
                                "temperature": 150.0, "value": 1.0, "lj_value": 1.0, "rel_error": 0.0}])
    novelty = pd.DataFrame({"configuration": ["crystal", "isolated atom", "isolated atom"], "novelty_max": [0.1, 6.0, 2.0],
                            "geometry": ["lj", "lj", "model"]})
    rows = row_novelty(novelty, comparison, "mace-x")
    assert len(rows) == 1  # MD rows have no configuration
    assert rows.iloc[0]["novelty"] == 6.0 and rows.iloc[0]["signed_rel_error"] == pytest.approx(-0.1)


def test_mace_novelty_of_training_frames_is_zero_and_grows_away_from_them(tmp_path):
    """A MACE model's own descriptors: the atoms of its training frames are at novelty 0 (to 1e-12),
    the crystal they were drawn from is close, a surface slab farther, the dimer farthest; the slab
    in the model's own geometry (here with a collapsed pair) is measured beside LJ's."""
    from ase.io import write

    from mace_fixtures import build_mace_model
    from solidbench.novelty import benchmark_configurations, novelty_benchmark
    from solidbench.planar import oriented_block
    from solidbench.results import quantity, write_result
    from solidbench.settings import EOSSettings
    from solidbench.training_data import write_configurations

    model, _ = build_mace_model(tmp_path / "m.model", num_interactions=1, hidden_irreps="8x0e", max_ell=1,
                                export=False)
    rng = np.random.default_rng(3)
    frames = [conventional_fcc(A0).repeat(2) for _ in range(3)]
    for atoms in frames:
        atoms.positions += rng.normal(0, 0.05, atoms.positions.shape)
    write(tmp_path / "train.extxyz", frames)
    write(tmp_path / "test.extxyz", frames[:1])
    write_result(tmp_path / "lattice.json", "lj", "lattice", [quantity("lattice_constant", A0, "angstrom")])
    write_result(tmp_path / "dimer.json", "lj", "dimer", [quantity("dimer_min_distance", 3.82, "angstrom")])
    slab = oriented_block(A0, "Ar", "111", 2, 1)
    slab.cell[2] += [0, 0, 12.0]
    write_configurations(tmp_path / "slab.extxyz", {"(111) slab": slab})
    eos = EOSSettings(element="Ar", mass=MASS, cells=2, strain=0.05, points=5, b0_strain=0.01, b0_points=5,
                      form="birchmurnaghan")
    collapsed = slab.copy()
    collapsed.positions[0] = collapsed.positions[1] + [1.2, 0, 0]  # a pair 1.2 A apart: nothing like the data
    write_configurations(tmp_path / "own.extxyz", {"(111) slab": collapsed})
    table = novelty_benchmark(model, tmp_path / "train.extxyz", tmp_path / "test.extxyz", tmp_path / "lattice.json",
                              tmp_path / "dimer.json", [tmp_path / "slab.extxyz"], [tmp_path / "own.extxyz"], eos,
                              tmp_path / "novelty.csv")
    lj_geometry = table[table["geometry"] == "lj"].set_index("configuration")["novelty_max"]
    assert lj_geometry["test frames"] < 1e-12
    assert lj_geometry["crystal"] < lj_geometry["(111) slab"] < lj_geometry["dimer"]
    own = table[table["geometry"] == "model"].set_index("configuration")["novelty_max"]
    assert list(own.index) == ["(111) slab"] and own["(111) slab"] > lj_geometry["(111) slab"]
    assert set(benchmark_configurations(A0, eos, 3.82, [], [])) >= {"E(V) narrow window", "E(V) wide window"}
