"""pair_style mace (plugin/) inside LAMMPS against mace-torch's MACECalculator on the same model."""

import subprocess

import numpy as np
import pytest
from ase.build import bulk
from ase.data import chemical_symbols

from mace_fixtures import build_mace_model
from solidbench.calculator import LammpsCalculator
from solidbench.lammps_run import lmp_executable, mpiexec_executable, run_lammps, thermo_blocks
from solidbench.potentials import mace_pair_lines, write_pair_include

R_MAX = 5.0  # small model cutoff, so that the one-cell structure below is under 2 r_max


def structures():
    perfect = bulk("Ar", "fcc", a=5.26, cubic=True) * (3, 3, 3)
    vacancy = perfect.copy()
    del vacancy[13]
    vacancy.rattle(0.05, seed=1)
    rattled = perfect.copy()
    rattled.rattle(0.15, seed=2)
    liquid = perfect.copy()
    liquid.set_cell(liquid.cell * 1.06, scale_atoms=True)
    liquid.rattle(0.5, seed=3)
    small = bulk("Ar", "fcc", a=5.26, cubic=True)  # 5.26 A box: many images of every atom
    small.rattle(0.1, seed=4)
    triclinic = bulk("Ar", "fcc", a=5.26) * (2, 3, 2)  # primitive cell, 60 degree angles
    triclinic.rattle(0.1, seed=5)
    return {"perfect": perfect, "vacancy": vacancy, "rattled": rattled, "liquid": liquid, "small": small,
            "triclinic": triclinic}


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    folder = tmp_path_factory.mktemp("models")
    return {dtype: build_mace_model(folder / f"mace_{dtype}.model", dtype=dtype, r_max=R_MAX)
            for dtype in ("float64", "float32")}


def pair_file(folder, lammps_model, plugin, elements=("Ar",), domain_decomposition=False):
    path = folder / ("pair_dd.lmp" if domain_decomposition else "pair.lmp")
    write_pair_include(path, mace_pair_lines(lammps_model, plugin, elements, domain_decomposition), "test")
    return path


# float64: the acceptance tolerances (stress relative: LAMMPS's eV/A^3 -> bar factor differs
# from CODATA 2018 by 7.5e-8). float32 (unit roundoff 6e-8) accumulated over ~100 atoms or edges
# gives ~1e-5 relative: the test model's energies are ~15 eV/atom (hence 2e-4 eV/atom) and its
# forces reach 0.4 eV/A (hence 1e-5 eV/A).
TOLERANCES = {"float64": {"energy": 1e-6, "forces": 1e-5, "stress": 1e-6, "sum": 1e-12},
              "float32": {"energy": 2e-4, "forces": 1e-5, "stress": 1e-5, "sum": 1e-5}}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_plugin_matches_mace_calculator(dtype, models, plugin, tmp_path):
    from mace.calculators import MACECalculator

    model, lammps_model = models[dtype]
    tol = TOLERANCES[dtype]
    in_lammps = LammpsCalculator(pair_file(tmp_path, lammps_model, plugin), {"Ar": 39.948})
    reference = MACECalculator(model_paths=str(model), device="cpu", default_dtype=dtype)
    for name, atoms in structures().items():
        a, b = atoms.copy(), atoms.copy()
        a.calc, b.calc = in_lammps, reference
        n = len(atoms)
        assert a.get_potential_energy() / n == pytest.approx(b.get_potential_energy() / n, abs=tol["energy"]), name
        np.testing.assert_allclose(a.get_forces(), b.get_forces(), atol=tol["forces"], err_msg=name)
        stress_ref = b.get_stress()
        np.testing.assert_allclose(a.get_stress(), stress_ref, rtol=tol["stress"],
                                   atol=tol["stress"] * np.abs(stress_ref).max(), err_msg=name)
        np.testing.assert_allclose(a.get_potential_energies().sum(), a.get_potential_energy(), rtol=tol["sum"])
    in_lammps.close()


DECK = """units metal
atom_style atomic
{map}
lattice fcc 5.26
region box block 0 2 0 2 0 2
create_box {ntypes} box
create_atoms 1 box
mass * 39.948
{newton}
plugin load {plugin}
pair_style mace {style_args}
pair_coeff * * {model} {elements}
run 0
"""


def run_deck(tmp_path, ranks=1, **fields):
    settings = {"map": "atom_modify map yes", "ntypes": 1, "newton": "", "style_args": "no_domain_decomposition",
                "elements": "Ar"}
    settings.update(fields)
    deck = tmp_path / "in.lmp"
    deck.write_text(DECK.format(**settings))
    launcher = [mpiexec_executable(), "-n", str(ranks)] if ranks > 1 else []
    proc = subprocess.run(launcher + [lmp_executable(), "-in", str(deck), "-log", "none", "-nocite"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.mark.parametrize("fields, message", [
    ({"model": "/nonexistent/model-lammps.pt"}, "cannot read model file '/nonexistent/model-lammps.pt'"),
    ({"model": "{not_a_model}"}, "is not a TorchScript model"),
    ({"elements": "Ne"}, "element Ne (type 1) is unknown to model"),
    ({"elements": "Xx"}, "'Xx' is not a chemical element"),
    ({"ntypes": 2, "elements": "Ar"}, "2 atom type(s) but 1 element(s) given"),
    ({"newton": "newton off on"}, "requires 'newton on'"),
    ({"map": ""}, "requires an atom map"),
    ({"style_args": "domain_decomposition"}, "unknown argument(s) 'domain_decomposition'"),
    ({"style_args": "evaluator fastest"}, "unknown argument(s) 'evaluator fastest'"),
])
def test_bad_input_is_a_lammps_error(fields, message, models, plugin, tmp_path):
    not_a_model = tmp_path / "garbage.pt"
    not_a_model.write_text("not a model")
    fields = dict(fields)
    model = fields.pop("model", str(models["float64"][1])).replace("{not_a_model}", str(not_a_model))
    code, output = run_deck(tmp_path, plugin=plugin, model=model, **fields)
    assert code != 0
    assert "ERROR" in output and message in output, output[-2000:]
    assert "Segmentation" not in output


def test_more_than_one_rank_is_refused(models, plugin, tmp_path):
    code, output = run_deck(tmp_path, ranks=2, plugin=plugin, model=models["float64"][1])
    assert code != 0
    assert "runs on one MPI rank, not 2; use 'pair_style mace' for several ranks" in output


RANKS_DECK = """units metal
atom_style atomic
{map}
read_data {data}
mass 1 39.948
include {pair}
compute peatom all pe/atom
compute pe_sum all reduce sum c_peatom
thermo_style custom step pe c_pe_sum pxx pyy pzz pxy pxz pyz
thermo_modify format float %.15g
dump forces all custom 1 {dump} id fx fy fz
dump_modify forces sort id format float %.15g
run 0
"""


def evaluate(tmp_path, name, atoms, pair, ranks):
    """Energy, per-atom energy sum, pressure tensor (thermo dict) and forces (sorted by id) from one
    `run 0` on `ranks` MPI ranks."""
    from ase.io import write

    data = tmp_path / f"{name}.data"
    if not data.exists():
        write(data, atoms, format="lammps-data", masses=False)
    run = tmp_path / f"{name}_{pair.stem}_{ranks}"
    deck, dump = run.with_suffix(".lmp"), run.with_suffix(".dump")
    # the folded mode needs an atom map; domain decomposition runs without one
    atom_map = "atom_modify map yes" if pair.stem == "pair" else ""
    deck.write_text(RANKS_DECK.format(map=atom_map, data=data, pair=pair, dump=dump))
    thermo = thermo_blocks(run_lammps(deck, {}, run.with_suffix(".log"), ranks=ranks))[-1]
    return {key: values[0] for key, values in thermo.items()}, np.loadtxt(dump, skiprows=9)[:, 1:]


# Both modes evaluate the same edges with the same model; only the order of the sums differs
# (over nodes, edges and ranks). In float64 that moves results by ~1e-14 relative (measured:
# energies <= 3e-14 eV/atom, forces <= 1e-15 eV/A, pressures <= 1e-11 bar of ~8000). A ghost shell
# one r_max too thin (r_max + skin instead of 2 r_max + skin; tried on purpose) moved forces by
# 8e-8 eV/A and energies by up to 4e-10 eV/atom: the second layer's reach is weak but not zero.
# float32 reorders roundoff of 6e-8 relative over ~100 terms.
RANK_TOLERANCES = {"float64": {"energy": 1e-10, "forces": 1e-10, "pressure": 1e-10},
                   "float32": {"energy": 2e-5, "forces": 2e-5, "pressure": 2e-5}}


@pytest.mark.parametrize("dtype, ranks", [("float64", (1, 2, 3)), ("float32", (2,))])
def test_domain_decomposition_matches_one_rank(dtype, ranks, models, plugin, tmp_path):
    """`pair_style mace` on 1, 2 and 3 ranks (ghost atoms as graph nodes) against
    `pair_style mace no_domain_decomposition` on one rank (ghosts folded onto their owners), on every
    conformance structure: the 4-atom cell is thinner than the ghost shell (and leaves a rank with
    no atom at all on 3 ranks), the triclinic cell checks that no shift is needed."""
    lammps_model = models[dtype][1]
    folded = pair_file(tmp_path, lammps_model, plugin)
    decomposed = pair_file(tmp_path, lammps_model, plugin, domain_decomposition=True)
    assert_ranks_match_one(tmp_path, folded, decomposed, ranks, RANK_TOLERANCES[dtype])


def assert_ranks_match_one(tmp_path, folded, decomposed, ranks, tol):
    """Energy, per-atom energy sum, forces and pressure tensor of every conformance structure on
    each number of `ranks` with the decomposed pair file, against the folded one on one rank."""
    pressures = ("Pxx", "Pyy", "Pzz", "Pxy", "Pxz", "Pyz")
    for name, atoms in structures().items():
        n = len(atoms)
        reference, reference_forces = evaluate(tmp_path, name, atoms, folded, 1)
        scale = max(abs(reference[key]) for key in pressures)
        for count in ranks:
            result, forces = evaluate(tmp_path, name, atoms, decomposed, count)
            where = f"{name} on {count} rank(s)"
            assert result["PotEng"] / n == pytest.approx(reference["PotEng"] / n, abs=tol["energy"]), where
            assert result["c_pe_sum"] / n == pytest.approx(reference["PotEng"] / n, abs=tol["energy"]), where
            np.testing.assert_allclose(forces, reference_forces, rtol=0, atol=tol["forces"], err_msg=where)
            for key in pressures:
                assert result[key] == pytest.approx(reference[key], abs=tol["pressure"] * scale), (where, key)


NVE_DECK = """units metal
atom_style atomic
atom_modify map yes
lattice fcc 5.26
region box block 0 2 0 2 0 2
create_box 1 box
create_atoms 1 box
mass 1 39.948
include {pair}
timestep {dt}
velocity all create 20.0 7 mom yes rot yes dist gaussian
fix nve all nve
thermo_style custom step temp pe etotal
thermo_modify format float %.14g
thermo 5
run {steps}
"""


def nve_energies(tmp_path, pair, dt, ranks=1, duration=1.0):
    """Potential and total energy per atom every 5 steps of NVE from the same 32-atom start."""
    deck = tmp_path / f"nve_{pair.stem}_{dt}_{ranks}.lmp"
    deck.write_text(NVE_DECK.format(pair=pair, dt=dt, steps=int(round(duration / dt))))
    thermo = thermo_blocks(run_lammps(deck, {}, deck.with_suffix(".log"), ranks=ranks))[-1]
    return np.array(thermo["PotEng"]) / 32, np.array(thermo["TotEng"]) / 32


def nve_energy_error(tmp_path, pair, dt):
    """Largest |E_total(t) - E_total(0)| per atom over 1 ps of NVE."""
    etotal = nve_energies(tmp_path, pair, dt)[1]
    return np.abs(etotal - etotal[0]).max()


def test_nve_energy_error_is_second_order_in_timestep(models, plugin, tmp_path):
    """Velocity Verlet conserves a shadow energy, so the energy error shrinks as dt^2 when the forces
    are the exact gradient of the energy. A force that is not -dE/dx (a missed periodic image, a
    wrong shift, a stale neighbour list) leaves an error that does not shrink with dt. The random
    test model heats the crystal to ~600 K, which exercises large displacements."""
    pair = pair_file(tmp_path, models["float64"][1], plugin)
    coarse, fine = nve_energy_error(tmp_path, pair, 0.002), nve_energy_error(tmp_path, pair, 0.001)
    assert coarse > 0
    assert coarse / fine == pytest.approx(4.0, rel=0.15), (coarse, fine)


def test_nve_trajectory_is_the_same_on_two_ranks(models, plugin, tmp_path):
    """0.5 ps of NVE (250 steps) with the folded single-rank mode and with domain decomposition on
    two ranks, from the same velocities: atoms migrate between ranks and ghost shells are rebuilt
    along the way. Reordered float64 sums differ by ~1e-16 relative per step; the random model's
    hot crystal (~600 K) amplifies that by far less than 1e6 in 0.5 ps."""
    folded = pair_file(tmp_path, models["float64"][1], plugin)
    decomposed = pair_file(tmp_path, models["float64"][1], plugin, domain_decomposition=True)
    pe_one, etotal_one = nve_energies(tmp_path, folded, 0.002, duration=0.5)
    pe_two, etotal_two = nve_energies(tmp_path, decomposed, 0.002, ranks=2, duration=0.5)
    assert np.ptp(pe_one) > 1e-3  # the run goes somewhere
    np.testing.assert_allclose(pe_two, pe_one, rtol=0, atol=1e-9)
    np.testing.assert_allclose(etotal_two, etotal_one, rtol=0, atol=1e-9)


# The compiled one-layer evaluator (plugin/mace_tables.cpp), run from tables beside the model.
# "default" is the pipeline's architecture (config.yaml's mace block); "wide" the other corners of
# the family: max_ell 3, correlation 3, the non-residual first block (element-dependent skip on
# the message) and two elements (one-hot embedding, radial functions per element pair).
TABLE_MODELS = {
    "default": dict(hidden_irreps="32x0e", max_ell=1, correlation=2, radial_mlp=(32, 32)),
    "wide": dict(hidden_irreps="16x0e", max_ell=3, correlation=3, first_block="RealAgnosticInteractionBlock",
                 atomic_numbers=(18, 10)),
}


@pytest.fixture(scope="module")
def table_models(tmp_path_factory):
    folder = tmp_path_factory.mktemp("table_models")
    built = {}
    for name, dtype in (("default", "float64"), ("default", "float32"), ("wide", "float64")):
        built[name, dtype] = build_mace_model(folder / f"{name}_{dtype}.model", dtype=dtype, r_max=R_MAX,
                                              num_interactions=1, tables=True, **TABLE_MODELS[name])
    return built


def table_pair_file(folder, lammps_model, plugin, elements, domain_decomposition=False):
    """Pair file that insists on the compiled evaluator: LAMMPS stops if the tables are not used."""
    lines = mace_pair_lines(lammps_model, plugin, elements, domain_decomposition, evaluator="tables")
    path = folder / ("tables_dd.lmp" if domain_decomposition else "tables.lmp")
    write_pair_include(path, lines, "test: compiled evaluator")
    return path


def with_elements(atoms, elements):
    """Every third atom (from the second on) of the second element, when there are two."""
    atoms = atoms.copy()
    if len(elements) > 1:
        symbols = atoms.get_chemical_symbols()
        symbols[1::3] = [elements[1]] * len(symbols[1::3])
        atoms.set_chemical_symbols(symbols)
    return atoms


# Against MACECalculator in float64 the only differences are the spline's and the round-off: the
# radial functions are interpolated with relative error <= 1e-9 (values) and 2e-7 (derivatives)
# at 1024 nodes (mace_tables.tables_error; test_tables_interpolation_error), which moves energies
# of ~1.5 eV/atom by <~1e-9 and forces of <0.1 eV/A by <~1e-8 (measured: 1e-12 eV/atom, 1e-10
# eV/A, 1e-9 GPa). The tolerances are the acceptance's, 100x above the spline's bound.
# float32: unit round-off 6e-8 over ~50 edges and ~100 atoms, as for the TorchScript path.
TABLE_TOLERANCES = {"float64": {"energy": 1e-8, "forces": 1e-7, "stress_gpa": 1e-6},
                    "float32": {"energy": 2e-5, "forces": 1e-5, "stress_gpa": 1e-3}}
EV_PER_A3_TO_GPA = 160.21766208


@pytest.mark.parametrize("name, dtype", [("default", "float64"), ("default", "float32"), ("wide", "float64")])
def test_tables_match_mace_calculator(name, dtype, table_models, plugin, tmp_path):
    from mace.calculators import MACECalculator

    model, lammps_model = table_models[name, dtype]
    elements = [chemical_symbols[z] for z in TABLE_MODELS[name].get("atomic_numbers", (18,))]
    tol = TABLE_TOLERANCES[dtype]
    in_lammps = LammpsCalculator(table_pair_file(tmp_path, lammps_model, plugin, elements),
                                 {"Ar": 39.948, "Ne": 20.18})
    reference = MACECalculator(model_paths=str(model), device="cpu", default_dtype=dtype)
    for where, atoms in structures().items():
        a = with_elements(atoms, elements)
        b = a.copy()
        a.calc, b.calc = in_lammps, reference
        n = len(a)
        assert a.get_potential_energy() / n == pytest.approx(b.get_potential_energy() / n, abs=tol["energy"]), where
        np.testing.assert_allclose(a.get_forces(), b.get_forces(), rtol=0, atol=tol["forces"], err_msg=where)
        np.testing.assert_allclose(a.get_stress() * EV_PER_A3_TO_GPA, b.get_stress() * EV_PER_A3_TO_GPA, rtol=0,
                                   atol=tol["stress_gpa"], err_msg=where)
        assert a.get_potential_energies().sum() == pytest.approx(a.get_potential_energy(), rel=1e-12), where
    in_lammps.close()


def test_tables_interpolation_error(table_models):
    """The spline's own error, against the model's exact radial functions between the nodes: the
    bound the conformance tolerances above are derived from."""
    import torch
    from solidbench.mace_tables import tables_error

    for name in ("default", "wide"):
        model = torch.load(table_models[name, "float64"][0], weights_only=False)
        error = tables_error(model)
        assert error["phi"] < 1e-8 and error["dphi"] < 1e-6, (name, error)


STRESS_ATOM_DECK = """units metal
atom_style atomic
atom_modify map yes
read_data {data}
mass * 39.948
include {pair}
compute virial_atom all stress/atom NULL virial
compute virial_sum all reduce sum c_virial_atom[1] c_virial_atom[2] c_virial_atom[3] c_virial_atom[4] c_virial_atom[5] c_virial_atom[6]
variable volume equal vol
thermo_style custom step pxx pyy pzz pxy pxz pyz c_virial_sum[1] c_virial_sum[2] c_virial_sum[3] c_virial_sum[4] c_virial_sum[5] c_virial_sum[6] v_volume
thermo_modify format float %.15g
run 0
"""


def test_per_atom_virials_sum_to_the_virial(table_models, plugin, tmp_path):
    """`compute stress/atom` (each pair term's virial split between its two atoms) summed over the
    atoms is -P V for every component, so `compute heat/flux` and local stresses can use it."""
    from ase.io import write

    lammps_model = table_models["default", "float64"][1]
    pair = table_pair_file(tmp_path, lammps_model, plugin, ["Ar"])
    for name in ("vacancy", "triclinic", "small"):
        data = tmp_path / f"{name}.data"
        write(data, structures()[name], format="lammps-data", masses=False)
        deck = tmp_path / f"stress_{name}.lmp"
        deck.write_text(STRESS_ATOM_DECK.format(data=data, pair=pair))
        thermo = {k: v[0] for k, v in thermo_blocks(run_lammps(deck, {}, deck.with_suffix(".log")))[-1].items()}
        pressure = [thermo[k] for k in ("Pxx", "Pyy", "Pzz", "Pxy", "Pxz", "Pyz")]
        summed = [thermo[f"c_virial_sum[{k}]"] for k in range(1, 7)]
        scale = max(abs(p) for p in pressure) * thermo["v_volume"]
        np.testing.assert_allclose(summed, -np.array(pressure) * thermo["v_volume"], rtol=0, atol=1e-10 * scale,
                                   err_msg=name)


@pytest.mark.parametrize("dtype, ranks", [("float64", (1, 2, 3)), ("float32", (2,))])
def test_tables_domain_decomposition_matches_one_rank(dtype, ranks, table_models, plugin, tmp_path):
    """The compiled evaluator under `pair_style mace` on 1, 2 and 3 ranks (a plain full neighbour
    list: one layer needs ghosts as neighbours only) against `no_domain_decomposition` on one."""
    lammps_model = table_models["default", dtype][1]
    folded = table_pair_file(tmp_path, lammps_model, plugin, ["Ar"])
    decomposed = table_pair_file(tmp_path, lammps_model, plugin, ["Ar"], domain_decomposition=True)
    assert_ranks_match_one(tmp_path, folded, decomposed, ranks, RANK_TOLERANCES[dtype])


def test_tables_nve_energy_error_is_second_order_in_timestep(table_models, plugin, tmp_path):
    """As for the TorchScript path: the compiled forces are the exact gradient of the compiled
    energy (the spline's derivative, not a separately interpolated one), so Verlet's energy error
    shrinks as dt^2."""
    pair = table_pair_file(tmp_path, table_models["default", "float64"][1], plugin, ["Ar"])
    coarse, fine = nve_energy_error(tmp_path, pair, 0.002), nve_energy_error(tmp_path, pair, 0.001)
    assert coarse > 0
    assert coarse / fine == pytest.approx(4.0, rel=0.15), (coarse, fine)


def test_evaluator_choice_and_fallback(models, table_models, plugin, tmp_path):
    """A model outside the family (two layers) has no tables and runs TorchScript, saying so; tables
    of another model are recognised as stale; 'evaluator tables' turns either into an error."""
    import shutil

    from solidbench.mace_tables import UnsupportedModel, tables_path, write_tables

    two_layer, two_layer_lammps = models["float64"]
    with pytest.raises(UnsupportedModel, match="2 interaction layers"):
        write_tables(two_layer, two_layer_lammps, "float64")
    code, output = run_deck(tmp_path, plugin=plugin, model=two_layer_lammps)
    assert code == 0 and "running the TorchScript model (no tables" in output, output[-2000:]
    code, output = run_deck(tmp_path, plugin=plugin, model=two_layer_lammps,
                            style_args="no_domain_decomposition evaluator tables")
    assert code != 0 and "pair_style mace evaluator tables: no tables" in output, output[-2000:]

    one_layer_lammps = table_models["default", "float64"][1]
    code, output = run_deck(tmp_path, plugin=plugin, model=one_layer_lammps)
    assert code == 0 and "compiled one-layer evaluator from" in output, output[-2000:]
    code, output = run_deck(tmp_path, plugin=plugin, model=one_layer_lammps,
                            style_args="no_domain_decomposition evaluator torchscript")
    assert code == 0 and "loaded" in output and "compiled one-layer evaluator from" not in output, output[-2000:]

    stale = tmp_path / "stale-lammps.pt"
    shutil.copyfile(two_layer_lammps, stale)
    shutil.copyfile(tables_path(one_layer_lammps), tables_path(stale))
    code, output = run_deck(tmp_path, plugin=plugin, model=stale)
    assert code == 0 and "were made from another version" in output, output[-2000:]
