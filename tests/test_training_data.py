"""Training frames from LAMMPS against an independent LJ evaluation (ASE's LennardJones)."""

import numpy as np
import pytest
from ase.calculators.lj import LennardJones
from ase.io import read

from conftest import CUTOFF, DECKS, EPSILON, MASS, SIGMA
from solidbench.config import training_runs
from solidbench.lammps_run import LammpsJob
from solidbench.settings import MDSettings, TrainingRun
from solidbench.structure import SOLID_THRESHOLD, fcc_order
from solidbench.training_data import concatenate_extxyz, generate_frames

RECIPE = {"name": "heating", "protocol": "heating", "cells": 2, "T_low": 10, "T_high": 60, "npt_steps": 200,
          "nvt_steps": 100, "ramp_steps": 400, "dump_every": 100, "train_seeds": [1], "test_seeds": [2],
          "augment": [{"seeds": [3], "vacancies": 1, "strain": 0.03}]}
LIQUID = {"name": "liquid", "protocol": "liquid", "cells": 2, "T_melt": 300, "T_liquid": 100, "melt_steps": 500,
          "npt_steps": 500, "nvt_steps": 500, "dump_every": 100, "train_seeds": [1], "test_seeds": [2]}


def run_frames(tmp_path_factory, lj_pair_file, recipe, seed):
    settings = training_runs(recipe)[seed]
    out = tmp_path_factory.mktemp("frames") / f"seed{seed}.extxyz"
    run = TrainingRun(recipe=recipe["name"], seed=seed, deck_settings=settings, element="Ar", pressure=137.3,
                      md=MDSettings(mass=MASS, timestep=0.01078, max_temperature=500.0))
    job = LammpsJob(DECKS / f"training_{settings['protocol']}.lmp", lj_pair_file, "lj", out.with_suffix(".log"))
    n = generate_frames(job, DECKS / "training_record.lmp", run, 5.27, out)
    return out, n


@pytest.fixture(scope="module")
def frames(tmp_path_factory, lj_pair_file):
    return run_frames(tmp_path_factory, lj_pair_file, RECIPE, 1)


@pytest.fixture(scope="module", params=["heating", "vacancy_strained", "liquid"])
def any_frames(request, tmp_path_factory, lj_pair_file):
    recipe, seed = {"heating": (RECIPE, 1), "vacancy_strained": (RECIPE, 3), "liquid": (LIQUID, 1)}[request.param]
    return request.param, run_frames(tmp_path_factory, lj_pair_file, recipe, seed)[0]


def test_frame_count_and_labels(frames):
    path, n = frames
    structures = read(path, index=":")
    # dumps at the start of NVT and every 100 steps of NVT (100) and ramp (400)
    assert n == len(structures) == 6
    assert {a.info["config_type"] for a in structures} == {"heating"}
    assert all(len(a) == 32 and a.get_chemical_symbols() == ["Ar"] * 32 for a in structures)


def test_augmented_and_liquid_runs(any_frames):
    kind, path = any_frames
    structures = read(path, index=":")
    first = structures[0]
    order = fcc_order(first.positions, first.cell.array, 2)
    if kind == "vacancy_strained":
        # one atom removed; the NPT box (about 5.30 A at 10 K) scaled by 1.03
        assert len(first) == 31 and first.cell.lengths()[0] == pytest.approx(2 * 5.30 * 1.03, rel=0.01)
    else:
        assert len(first) == 32
    # the liquid recipe holds no crystal; the others start from one
    assert (order < SOLID_THRESHOLD) == (kind == "liquid")


def test_labels_match_independent_lj(any_frames):
    _, path = any_frames
    lj = LennardJones(epsilon=EPSILON, sigma=SIGMA, rc=CUTOFF, smooth=False)  # ASE shifts E to 0 at rc
    for atoms in read(path, index=":"):
        ref_energy = atoms.info["REF_energy"]
        ref_forces = atoms.arrays["REF_forces"]
        ref_stress = np.asarray(atoms.info["REF_stress"]).reshape(3, 3)
        atoms.calc = lj
        # LAMMPS writes 15 significant digits; ASE sums the same pairs in another order
        # positions rounded to 1e-8 A in extxyz shift the energy by ~sum(F.dx) ~ 1e-9 eV
        assert atoms.get_potential_energy() == pytest.approx(ref_energy, abs=1e-8)
        # ASE's extxyz writer keeps 8 decimals of positions and forces: 5e-9 rounding in each,
        # and force-constant-times-position rounding adds a few 1e-9 eV/A more
        np.testing.assert_allclose(atoms.get_forces(), ref_forces, atol=3e-8)
        # the eV->bar factor of LAMMPS and CODATA 2018 (ASE) differ by 7.5e-8 relative
        np.testing.assert_allclose(atoms.get_stress(voigt=False), ref_stress, rtol=1e-6, atol=1e-12)


def test_concatenate_keeps_labels(frames, tmp_path):
    path, n = frames
    assert concatenate_extxyz([path, path], tmp_path / "all.extxyz") == 2 * n
    joined = read(tmp_path / "all.extxyz", index=":")
    np.testing.assert_array_equal(joined[n].arrays["REF_forces"], joined[0].arrays["REF_forces"])
