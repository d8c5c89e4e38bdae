"""Frame selection for the data-selection recipe: planted disagreements, the diversity rule and
the random control, checked on synthetic pools where the right answer is known."""

import numpy as np
import pytest

from solidbench.selection import frame_disagreement, select_at_random, select_by_disagreement


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


def test_frame_disagreement_is_the_largest_per_atom_force_spread():
    """A stand-in committee whose members' forces differ on one atom only: the frame's score is
    that atom's spread, sqrt(mean |F_m - F_mean|^2) = 0.3 eV/A for members at +-0.3."""

    class Committee:
        results = {}

        def calculate(self, atoms, properties):
            forces = np.zeros((2, len(atoms), 3))
            forces[:, 2, 0] = [0.3, -0.3]
            self.results = {"forces_comm": forces}

    from ase.build import bulk

    assert frame_disagreement(Committee(), bulk("Ar", "fcc", a=5.26, cubic=True)) == pytest.approx(0.3)
