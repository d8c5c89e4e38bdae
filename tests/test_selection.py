"""Frame selection for the data-selection recipe: planted disagreements, the diversity rule and
the random control, checked on synthetic pools where the right answer is known; then the pool's LJ
MD, labels and choice on a small real pool."""

import numpy as np
import pandas as pd
import pytest
from ase.build import bulk
from ase.calculators.lj import LennardJones
from ase.io import read

from conftest import CUTOFF, EPSILON, MASS, SIGMA, DECKS
from solidbench.calculator import LammpsCalculator
from solidbench.interstitial import closest_pair, interstitial_configurations
from solidbench.lammps_run import LammpsJob
from solidbench.selection import (choose_frames, frame_scores, pool_starts, run_pool, select_at_random,
                                  select_by_disagreement)
from solidbench.settings import MDSettings, SelectionSettings
from solidbench.training_data import write_configurations


def pool(trajectories=4, frames=50, dt=0.1):
    groups = np.repeat(np.arange(trajectories), frames)
    times = np.tile(np.arange(frames) * dt, trajectories)
    return groups, times


def test_committee_selection_picks_the_largest_planted_disagreements():
    groups, times = pool()
    scores = np.random.default_rng(0).uniform(0.0, 1.0, groups.size)
    planted = [7, 63, 120, 181]  # one per trajectory, far apart in time
    scores[planted] = [5.0, 4.0, 3.0, 2.0]
    chosen = select_by_disagreement(scores, groups, times, count=4, min_separation=0.0)
    assert chosen.tolist() == planted


def test_diversity_rule_keeps_chosen_frames_apart_in_each_trajectory():
    """A burst of highly uncertain neighbouring frames in one trajectory: only its peak is taken,
    the next picks are at least min_separation away or in other trajectories."""
    groups, times = pool()
    scores = np.zeros(groups.size)
    scores[10:20] = np.linspace(9.0, 9.9, 10)  # trajectory 0, 1.0-1.9 ps
    scores[100] = 1.0  # trajectory 2
    chosen = select_by_disagreement(scores, groups, times, count=3, min_separation=0.5)
    assert chosen[0] == 19 and 100 in chosen
    for a in chosen:
        for b in chosen:
            if a != b and groups[a] == groups[b]:
                assert abs(times[a] - times[b]) >= 0.5
    assert 14 in chosen  # the best frame of the burst 0.5 ps from its peak


def test_random_control_draws_the_same_count_from_the_same_pool_under_the_same_rule():
    groups, times = pool()
    first = select_at_random(groups, times, count=12, min_separation=1.0, seed=3)
    assert len(first) == 12 and len(set(first)) == 12 and first.max() < groups.size
    assert np.array_equal(first, select_at_random(groups, times, count=12, min_separation=1.0, seed=3))
    assert not np.array_equal(first, select_at_random(groups, times, count=12, min_separation=1.0, seed=4))
    for a in first:
        for b in first:
            if a != b and groups[a] == groups[b]:
                assert abs(times[a] - times[b]) >= 1.0 - 1e-9


def test_a_budget_the_rule_cannot_meet_is_an_error():
    groups, times = pool(trajectories=1, frames=10, dt=0.1)  # 0.9 ps in all
    with pytest.raises(ValueError, match="only 2 frames"):
        select_by_disagreement(np.ones(10), groups, times, count=3, min_separation=0.5)


def test_frame_scores_are_the_largest_spread_and_the_first_members_largest_error():
    """A stand-in committee whose members' forces differ on one atom only, at +-0.3 eV/A: the frame's
    disagreement is that atom's spread, sqrt(mean |F_m - F_mean|^2) = 0.3; the error is the first
    member's largest deviation from the reference (atom 5, 0.4 eV/A off)."""

    class Committee:
        results = {}

        def calculate(self, atoms, properties):
            forces = np.zeros((2, len(atoms), 3))
            forces[:, 2, 0] = [0.3, -0.3]
            self.results = {"forces_comm": forces, "forces": forces.mean(axis=0)}

    atoms = bulk("Ar", "fcc", a=5.26, cubic=True)
    reference = np.zeros((len(atoms), 3))
    reference[3, 1] = 0.4
    assert frame_scores(Committee(), atoms, reference) == pytest.approx((0.3, 0.4))


SETTINGS = SelectionSettings(element="Ar", md=MDSettings(mass=MASS, timestep=0.01078, max_temperature=400.0),
                             configurations=("vacancy", "slab"), temperatures=(30.0, 60.0), min_lateral=12.0,
                             equil_steps=20, steps=40, dump_every=10, min_separation=0.2, max_force=0.15,
                             committee=2, seed=5)


@pytest.fixture(scope="module")
def lj_pool(tmp_path_factory, lj_pair_file):
    """LJ's pool of a vacancy cell and a (100) slab with 10 A of vacuum, MD of 40 steps at 30 and 60 K."""
    folder = tmp_path_factory.mktemp("pool")
    crystal = bulk("Ar", "fcc", a=5.26, cubic=True).repeat(2)
    vacancy = crystal.copy()
    del vacancy[0]
    slab = crystal.copy()
    slab.cell[2, 2] += 10.0
    write_configurations(folder / "structures.extxyz", {"vacancy": vacancy, "slab": slab, "unused": crystal})
    starts = pool_starts([folder / "structures.extxyz"], SETTINGS.configurations, SETTINGS.min_lateral, {})
    job = LammpsJob(DECKS / "pool_md.lmp", lj_pair_file, "lj", folder / "pool.log")
    count = run_pool(job, starts, SETTINGS, folder / "pool.extxyz")
    return folder, starts, count


def test_pool_starts_repeat_in_plane_only_and_name_what_is_missing(lj_pool, tmp_path):
    folder, starts, _ = lj_pool
    assert list(starts) == ["vacancy", "slab"]
    assert len(starts["vacancy"]) == 31 * 4 and len(starts["slab"]) == 32 * 4  # 10.52 A < 12 A: 2 x 2 x 1
    assert np.allclose(starts["slab"].cell.lengths(), [21.04, 21.04, 20.52])
    with pytest.raises(ValueError, match="'dumbbell' is neither among LJ's relaxed structures nor an interstitial"):
        pool_starts([folder / "structures.extxyz"], ["dumbbell"], 10.0, {})


def test_pool_starts_take_the_interstitial_benchmarks_unrelaxed_starts(lj_pool):
    """`<name> start` is the benchmark's symmetric start, pairs closer than LJ's relaxed cells hold:
    the <110> dumbbell's end sits 0.3 a (sqrt 2 / 2)(1, 1, 0) from site 0, (0.5 - 0.3 / sqrt 2) sqrt 2 a
    = 0.407 a from the neighbour at (a/2, a/2, 0); the tetrahedral atom sqrt(3)/4 a from its four."""
    folder, _, _ = lj_pool
    a = 5.26
    _, configurations = interstitial_configurations(a, 2)
    starts = pool_starts([folder / "structures.extxyz"], ["dumbbell_110 start", "tetrahedral start", "vacancy"],
                         8.0, configurations)
    assert list(starts) == ["dumbbell_110 start", "tetrahedral start", "vacancy"]
    assert len(starts["dumbbell_110 start"]) == 33  # 2 x 2 x 2 cells (10.52 A >= 8 A) plus one atom
    assert closest_pair(starts["dumbbell_110 start"]) == pytest.approx((0.5 - 0.3 / np.sqrt(2)) * np.sqrt(2) * a)
    assert closest_pair(starts["tetrahedral start"]) == pytest.approx(np.sqrt(3) / 4 * a)


def test_pool_holds_every_dumped_frame_of_every_run_tagged(lj_pool):
    folder, starts, count = lj_pool
    frames = read(folder / "pool.extxyz", index=":")
    assert count == len(frames) == 2 * 2 * 4  # 40 steps dumped every 10, without step 0
    groups = pd.Series([atoms.info["group"] for atoms in frames]).value_counts()
    assert sorted(groups.index) == ["slab at 30 K", "slab at 60 K", "vacancy at 30 K", "vacancy at 60 K"]
    assert set(groups) == {4}
    first = frames[0]
    assert first.info["time"] == pytest.approx(10 * 0.01078) and len(first) == len(starts["vacancy"])
    assert np.allclose(first.cell.array, starts["vacancy"].cell.array)
    # the frame's atoms in the start's order: 30 steps at 30 K move each atom by less than 1 A (its
    # site's half nearest-neighbour distance is 1.86 A), and do move them
    shift = first.positions - starts["vacancy"].positions
    shift -= np.round(shift / first.cell.lengths()) * first.cell.lengths()
    assert 1e-3 < np.abs(shift).max() < 1.0


@pytest.mark.parametrize("method", ["committee", "random"])
def test_choice_labels_with_the_reference_and_keeps_to_the_rules(lj_pool, lj_pair_file, tmp_path, method):
    """Two untrained MACE models with different seeds as the committee: the committee round takes
    the eligible frame of largest disagreement first; both methods take the count asked, only
    eligible frames (reference force within max_force), and label them with LJ (checked against
    ASE's LennardJones with the same shifted cutoff)."""
    from mace_fixtures import build_mace_model

    folder, _, _ = lj_pool
    models = [build_mace_model(tmp_path / f"m{seed}.model", seed=seed, export=False, num_interactions=1)[0]
              for seed in (1, 2)]
    with LammpsCalculator(lj_pair_file, {"Ar": MASS}) as reference:
        table = choose_frames(folder / "pool.extxyz", models[: 2 if method == "committee" else 1], reference,
                              {"method": method, "frames": 3, "seed": 4}, SETTINGS, "chosen",
                              tmp_path / "selected.extxyz", tmp_path / "table.csv")
    assert table["chosen"].sum() == 3 and not (table["chosen"] & ~table["eligible"]).any()
    assert 0 < table["eligible"].sum() < len(table)  # max_force 0.15 eV/A leaves the hotter frames out
    if method == "committee":
        eligible = table[table["eligible"]]
        assert table.loc[eligible["disagreement"].idxmax(), "chosen"]
    else:
        assert table["disagreement"].isna().all()
    selected = read(tmp_path / "selected.extxyz", index=":")
    lj = LennardJones(sigma=SIGMA, epsilon=EPSILON, rc=CUTOFF, smooth=False)
    for atoms in selected:
        assert atoms.info["config_type"] == "chosen"
        expected = atoms.copy()
        expected.calc = lj
        assert np.allclose(atoms.arrays["REF_forces"], expected.get_forces(), atol=1e-8)
        assert atoms.info["REF_energy"] == pytest.approx(expected.get_potential_energy(), abs=1e-8)
