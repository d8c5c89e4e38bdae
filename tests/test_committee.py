"""The committee's force spread, from one MACECalculator holding every member, against the members
evaluated one at a time."""

import numpy as np
import pytest

from mace_fixtures import build_mace_model
from solidbench.committee import force_spread
from solidbench.structure import conventional_fcc


def test_force_spread_matches_members_one_by_one(tmp_path):
    from mace.calculators import MACECalculator

    paths = [str(build_mace_model(tmp_path / f"m{seed}.model", seed=seed, export=False)[0]) for seed in (1, 2, 3)]
    atoms = conventional_fcc(5.3, "Ar").repeat(2)
    atoms.positions += np.random.default_rng(0).normal(0.0, 0.05, atoms.positions.shape)
    forces = []
    for path in paths:
        single = atoms.copy()
        single.calc = MACECalculator(model_paths=path, device="cpu", default_dtype="float64")
        forces.append(single.get_forces())
    forces = np.array(forces)
    expected = np.sqrt(np.mean(np.sum((forces - forces.mean(axis=0)) ** 2, axis=2), axis=0))
    committee = MACECalculator(model_paths=paths, device="cpu", default_dtype="float64")
    spread = force_spread(committee, atoms)
    assert spread.shape == (len(atoms),) and spread.min() > 0
    assert spread == pytest.approx(expected, rel=1e-10, abs=1e-14)
    # one model has no spread
    assert force_spread(MACECalculator(model_paths=paths[:1] * 2, device="cpu", default_dtype="float64"),
                        atoms) == pytest.approx(np.zeros(len(atoms)), abs=1e-12)
