"""End to end: the whole Snakemake pipeline on the tiny config (32-atom cells, one-epoch models of two
recipes with committees), then an external model added by a config edit."""

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import torch
from ase.io import read

from conftest import ROOT
from solidbench.io import read_json
from solidbench.mace_model import model_e0s
from solidbench.results import SUMMARY_COLUMNS, UNITS


def snakemake_command(workdir, *extra_configfiles):
    return [str(Path(sys.executable).parent / "snakemake"), "--snakefile", str(ROOT / "Snakefile"), "--configfile",
            str(ROOT / "tests" / "config_tiny.yaml"), *map(str, extra_configfiles), "--directory", str(workdir),
            "--cores", "2"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("pipeline")
    snakemake = snakemake_command(workdir)
    proc = subprocess.run(snakemake, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return workdir, snakemake


@pytest.fixture(scope="module")
def external(run):
    """The finished run, plus an external MACE model added through a second config file: the dry run
    before it and the real run. The model is a copy of the tiny heating model (an untrained one heats
    up without bound in the hop MD, which stops the run as a blow-up)."""
    workdir, _ = run
    model = workdir / "argon.model"
    shutil.copyfile(workdir / "results" / "models" / "mace-heating" / "model.model", model)
    extra = workdir / "external.yaml"
    extra.write_text(f"external_models:\n  - {{name: external, path: {model}}}\n")
    command = snakemake_command(workdir, extra)
    dry = subprocess.run(command + ["-n"], capture_output=True, text=True)
    proc = subprocess.run(command, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return workdir, dry.stdout + dry.stderr


def test_summary_holds_the_contract(run):
    workdir, _ = run
    summary = pd.read_csv(workdir / "results" / "summary.csv")
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert set(summary["unit"]) <= UNITS
    assert all(math.isfinite(v) for v in summary["value"])
    rows = {(r.potential, r.benchmark, r.quantity): r for r in summary.itertuples()}
    for key in [("lj", "lattice", "lattice_constant"), ("lj", "lattice", "cohesive_energy"),
                ("mace-heating", "lattice", "isolated_atom_energy"), ("mace-liquid", "lattice", "bulk_modulus"),
                ("lj", "lattice", "lattice_constant_eos"), ("mace-heating", "lattice", "bulk_modulus_derivative"),
                ("lj", "lattice", "lattice_constant_20K"), ("mace-heating", "lattice", "lattice_constant"),
                ("mace-heating", "lattice", "fcc_order_20K"),
                ("mace-heating", "training", "force_rmse_test"), ("lj", "phonons_0K", "freq_X_LA"),
                ("mace-heating", "phonons_0K", "hessian_asymmetry"), ("mace-heating", "phonons_0K", "pdos_overlap_0K"),
                ("lj", "phonons_T", "pdos_mean_freq_20K"), ("mace-heating", "phonons_T", "pdos_overlap_20K"),
                ("lj", "vacancy_mep", "migration_barrier_string"), ("lj", "vacancy_static", "vacancy_formation_energy"), ("lj", "vacancy_md", "hop_rate_150K"),
                ("lj", "vacancy_md", "tst_hop_rate_170K"), ("mace-heating", "vacancy_md", "fcc_order_170K"),
                ("mace-liquid", "training", "force_rmse_test"), ("mace-liquid", "vacancy_mep", "migration_barrier_neb"),
                ("mace-heating", "training", "committee_extrapolation_saddle"),
                ("mace-liquid", "training", "committee_force_spread_train")]:
        assert key in rows, key
    assert rows[("lj", "lattice", "lattice_constant")].unit == "angstrom"
    assert rows[("mace-heating", "training", "force_rmse_test")].unit == "eV/angstrom"
    assert 5.0 < rows[("lj", "lattice", "lattice_constant")].value < 5.5
    # the LJ X-point LA phonon of argon is near 2 THz
    assert 1.8 < rows[("lj", "phonons_0K", "freq_X_LA")].value < 2.2


def test_figures_exist(run):
    workdir, _ = run
    assert "| lattice | lattice_constant | angstrom |" in (workdir / "results" / "summary.md").read_text()
    for name in ("generalization_matrix.png", "lattice/eos.png", "phonons/phonons_0K.png", "phonons/pdos_T.png", "phonons/sed_20K.png",
                 "vacancy/migration_path.png", "vacancy/arrhenius.png"):
        assert (workdir / "results" / name).stat().st_size > 0, name


def test_model_outputs_exist(run):
    workdir, _ = run
    for recipe in ("heating", "liquid"):
        model_dir = workdir / "results" / "models" / f"mace-{recipe}"
        for name in ("model.model", "model-lammps.pt", "errors.json", "parity.png", "committee/member1.model"):
            assert (model_dir / name).stat().st_size > 0, name
    # the liquid recipe overrides r_max (4.5 A against the global 5.0), and the exported model has it
    for recipe, r_max in (("heating", 5.0), ("liquid", 4.5)):
        exported = torch.jit.load(workdir / "results" / "models" / f"mace-{recipe}" / "model-lammps.pt")
        assert exported.r_max.item() == pytest.approx(r_max)
    # the vacancy-augmented seed holds 31-atom frames; the others 32
    frames = (workdir / "results" / "training" / "heating" / "seed11.extxyz").read_text()
    assert frames.startswith("31\n")


def test_energy_reference(run):
    """mace-heating is trained with LJ's isolated-atom energy (E0s: reference), mace-liquid with mace-torch's
    average (E0s: average). The isolated atom run through pair_style mace in LAMMPS must find each model's
    stored E0, and the cohesive energy must be measured from it: for mace-liquid it is not -E/N."""
    workdir, _ = run
    results = workdir / "results"
    summary = pd.read_csv(results / "summary.csv").set_index(["potential", "quantity"])["value"]
    assert summary[("lj", "isolated_atom_energy")] == 0.0
    stored = {recipe: model_e0s(results / "models" / f"mace-{recipe}" / "model.model")[18]
              for recipe in ("heating", "liquid")}
    assert stored["heating"] == summary[("lj", "isolated_atom_energy")]
    assert model_e0s(results / "models" / "mace-heating" / "committee" / "member1.model")[18] == stored["heating"]
    for recipe in ("heating", "liquid"):  # the exported model is float32: E0 to ~1e-8 eV
        assert summary[(f"mace-{recipe}", "isolated_atom_energy")] == pytest.approx(stored[recipe], abs=1e-6)
    # the average E0 is a mean energy per atom of the liquid frames, tens of meV below LJ's isolated atom
    energies = [atoms.info["REF_energy"] / len(atoms) for atoms in read(results / "training" / "liquid" / "train.extxyz", ":")]
    assert min(energies) <= stored["liquid"] <= max(energies) < -0.01
    # cohesive energy = E(isolated atom) - E/N: it catches the wrong E0, which -E/N alone would not
    lattice = read_json(results / "lattice" / "mace-liquid" / "lattice_0K.json")
    cohesive = lattice["quantities"]["cohesive_energy"]["value"]
    assert cohesive == pytest.approx(stored["liquid"] - lattice["energy_per_atom"], abs=1e-6)
    assert abs(cohesive - (-lattice["energy_per_atom"])) > 0.01


def test_nothing_left_to_do_and_single_target_rebuilds(run):
    workdir, snakemake = run
    dry = subprocess.run(snakemake + ["-n"], capture_output=True, text=True)
    assert "Nothing to be done" in dry.stdout + dry.stderr
    target = workdir / "results" / "vacancy" / "migration_path.png"  # a leaf: rebuilding it reruns nothing else
    target.unlink()
    proc = subprocess.run(snakemake + [str(target.relative_to(workdir))], capture_output=True, text=True)
    assert proc.returncode == 0 and target.exists()


def test_external_model_is_a_config_edit(external):
    workdir, dry = external
    # the dry run plans jobs for the new model and the tables and figures that list every model, and
    # nothing for the models and reference already done
    assert "potential=mace-external" in dry and "import_external_model" in dry
    for done in ("potential=lj", "potential=mace-heating", "potential=mace-liquid", "recipe=", "train_mace"):
        assert done not in dry, done
    summary = pd.read_csv(workdir / "results" / "summary.csv")
    external_rows = summary[summary["potential"] == "mace-external"]
    assert {"lattice", "phonons_0K", "phonons_T", "vacancy_static", "vacancy_mep", "vacancy_md"} <= set(external_rows["benchmark"])
    assert "mace-external" in (workdir / "results" / "summary.md").read_text()
