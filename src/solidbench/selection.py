"""Choosing training frames from a pool of candidates: by a committee's disagreement, or at random
as the control, under the same diversity rule and the same budget.

A candidate frame comes from one trajectory (`group`) at one time (ps). The diversity rule: no two
chosen frames of one trajectory closer than `min_separation` ps, so that a burst of correlated,
equally uncertain frames does not take the whole budget. Committee selection takes the frames in
order of decreasing disagreement, skipping any the rule forbids; the random control takes them in
a seeded random order under the same rule, from the same pool, for the same count.
"""

from __future__ import annotations

import numpy as np


def _take_in_order(order: np.ndarray, groups: np.ndarray, times: np.ndarray, count: int,
                   min_separation: float) -> np.ndarray:
    chosen: list[int] = []
    for index in order:
        same_group = [c for c in chosen if groups[c] == groups[index]]
        if all(abs(times[index] - times[c]) >= min_separation for c in same_group):
            chosen.append(int(index))
            if len(chosen) == count:
                break
    if len(chosen) < count:
        raise ValueError(f"the pool allows only {len(chosen)} frames {min_separation} ps apart, not the {count} asked")
    return np.array(chosen)


def select_by_disagreement(scores, groups, times, count: int, min_separation: float) -> np.ndarray:
    """Indices of `count` candidates, the most uncertain first, no two of one trajectory closer
    than `min_separation` ps (ties broken by pool order)."""
    scores = np.asarray(scores, dtype=float)
    return _take_in_order(np.argsort(-scores, kind="stable"), np.asarray(groups), np.asarray(times, dtype=float),
                          count, min_separation)


def select_at_random(groups, times, count: int, min_separation: float, seed: int) -> np.ndarray:
    """The control: `count` candidates of the same pool in a seeded random order, under the same rule."""
    groups = np.asarray(groups)
    order = np.random.default_rng(seed).permutation(len(groups))
    return _take_in_order(order, groups, np.asarray(times, dtype=float), count, min_separation)


def frame_disagreement(committee, atoms) -> float:
    """A frame's committee disagreement (eV/A): the largest per-atom force spread over the members
    (`committee.force_spread`); one atom the members disagree on is what a new frame should fix."""
    from .committee import force_spread

    return float(force_spread(committee, atoms).max())
