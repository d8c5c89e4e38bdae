"""End to end: the whole Snakemake pipeline on the tiny config (32-atom cells, a one-epoch model)."""

import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT
from solidbench.results import SUMMARY_COLUMNS, UNITS


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("pipeline")
    snakemake = [str(Path(sys.executable).parent / "snakemake"), "--snakefile", str(ROOT / "Snakefile"),
                 "--configfile", str(ROOT / "tests" / "config_tiny.yaml"), "--directory", str(workdir),
                 "--cores", "2"]
    proc = subprocess.run(snakemake, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return workdir, snakemake


def test_summary_holds_the_contract(run):
    workdir, _ = run
    summary = pd.read_csv(workdir / "results" / "summary.csv")
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert set(summary["unit"]) <= UNITS
    assert all(math.isfinite(v) for v in summary["value"])
    rows = {(r.potential, r.benchmark, r.quantity): r for r in summary.itertuples()}
    for key in [("lj", "lattice", "lattice_constant"), ("lj", "lattice", "cohesive_energy"),
                ("lj", "lattice", "lattice_constant_20K"), ("mace-heating", "lattice", "lattice_constant"),
                ("mace-heating", "lattice", "lattice_constant_20K"),
                ("mace-heating", "training", "force_rmse_test"), ("lj", "phonons_0K", "freq_X_LA"),
                ("mace-heating", "phonons_0K", "hessian_asymmetry"), ("mace-heating", "phonons_0K", "pdos_overlap_0K"),
                ("lj", "phonons_T", "pdos_mean_freq_20K"), ("mace-heating", "phonons_T", "pdos_overlap_20K"),
                ("lj", "vacancy_static", "migration_barrier_string"), ("lj", "vacancy_md", "hop_rate_150K"),
                ("mace-heating", "vacancy_md", "tst_hop_rate_170K"), ("mace-heating", "vacancy_md", "fcc_order_170K")]:
        assert key in rows, key
    assert rows[("lj", "lattice", "lattice_constant")].unit == "angstrom"
    assert rows[("mace-heating", "training", "force_rmse_test")].unit == "eV/angstrom"
    assert 5.0 < rows[("lj", "lattice", "lattice_constant")].value < 5.5
    # the LJ X-point LA phonon of argon is near 2 THz
    assert 1.8 < rows[("lj", "phonons_0K", "freq_X_LA")].value < 2.2


def test_figures_exist(run):
    workdir, _ = run
    for name in ("phonons/phonons_0K.png", "phonons/pdos_T.png", "phonons/sed_20K.png", "vacancy/migration_path.png",
                 "vacancy/arrhenius.png"):
        assert (workdir / "results" / name).stat().st_size > 0, name


def test_model_outputs_exist(run):
    workdir, _ = run
    model_dir = workdir / "results" / "models" / "mace-heating"
    for name in ("model.model", "model-lammps.pt", "errors.json", "parity.png"):
        assert (model_dir / name).stat().st_size > 0, name


def test_nothing_left_to_do_and_single_target_rebuilds(run):
    workdir, snakemake = run
    dry = subprocess.run(snakemake + ["-n"], capture_output=True, text=True)
    assert "Nothing to be done" in dry.stdout + dry.stderr
    target = workdir / "results" / "lattice" / "lj" / "lattice_0K.json"
    target.unlink()
    proc = subprocess.run(snakemake + [str(target.relative_to(workdir))], capture_output=True, text=True)
    assert proc.returncode == 0 and target.exists()
