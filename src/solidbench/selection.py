"""Choosing training frames from a pool of candidates: by a committee's disagreement, or at random
as the control, under the same diversity rule and the same budget.

A candidate frame comes from one trajectory (`group`) at one time (ps). The diversity rule: no two
chosen frames of one trajectory closer than `min_separation` ps, so that a burst of correlated,
equally uncertain frames does not take the whole budget. Committee selection takes the frames in
order of decreasing disagreement, skipping any the rule forbids; the random control takes them in
a seeded random order under the same rule, from the same pool, for the same count.
"""

from __future__ import annotations

import dataclasses
import math
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from ase import Atoms
from ase.io import read, write

from .committee import spread
from .dump import read_dump
from .lammps_run import LammpsJob
from .settings import SelectionSettings
from .training_data import write_extxyz


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


def frame_scores(members, atoms: Atoms, reference_forces: np.ndarray) -> tuple[float, float]:
    """A frame's committee disagreement (eV/A: the largest per-atom force spread over the members of
    the `MACECalculator`, NaN for one model; one atom the members disagree on is what a new frame
    should fix) and the first member's (the model's) largest per-atom force error against the reference."""
    members.calculate(atoms.copy(), ["forces"])
    forces = members.results.get("forces_comm")
    if forces is None:
        forces = members.results["forces"][None]
    disagreement = float(spread(forces).max()) if len(forces) > 1 else math.nan
    return disagreement, float(np.linalg.norm(forces[0] - reference_forces, axis=1).max())


START = " start"  # "<interstitial> start": the interstitial benchmark's symmetric, unrelaxed start


def pool_starts(structure_files, names, min_lateral: float, interstitial_starts: dict[str, Atoms]
                ) -> dict[str, Atoms]:
    """The pool's starting configurations by name: LJ's relaxed structures (info["configuration"] in
    `structure_files`), or with the suffix " start" the interstitial benchmark's unrelaxed starts
    (`interstitial_starts`, by their names): where the benchmark's relaxations begin, pairs closer than
    any relaxed structure holds. Their first two cell vectors repeated to at least `min_lateral` A
    (the third is a slab's normal)."""
    found: dict[str, Atoms] = {f"{name}{START}": atoms for name, atoms in interstitial_starts.items()}
    for path in structure_files:
        for atoms in read(path, index=":"):
            found.setdefault(atoms.info["configuration"], atoms)
    starts = {}
    for name in names:
        if name not in found:
            raise ValueError(f"selection.configurations: {name!r} is neither among LJ's relaxed structures nor an "
                             f"interstitial start ({', '.join(found)})")
        cell = found[name].cell.array
        if abs(cell[0, 1]) + abs(cell[0, 2]) + abs(cell[1, 2]) > 1e-9:
            raise ValueError(f"selection.configurations: {name!r} has a cell LAMMPS would rotate ({cell.tolist()}); "
                             f"the pool needs a lower-triangular one")
        repeats = [max(1, math.ceil(min_lateral / np.linalg.norm(cell[i]))) for i in (0, 1)] + [1]
        starts[name] = Atoms(found[name].symbols, found[name].positions, cell=cell, pbc=True).repeat(repeats)
    return starts


def run_pool(job: LammpsJob, starts: dict[str, Atoms], settings: SelectionSettings, out) -> int:
    """NVT of every start at every temperature with the job's potential (pool_md.lmp); every dumped
    frame becomes a candidate, tagged with its configuration, temperature, run (`group`) and time (ps)."""
    md = settings.md
    candidates = []
    with tempfile.TemporaryDirectory(prefix="solidbench-pool-") as scratch:
        for i, (name, atoms) in enumerate(starts.items()):
            data = Path(scratch) / f"start{i}.data"
            write(data, atoms, format="lammps-data", atom_style="atomic", specorder=[settings.element])
            for j, T in enumerate(settings.temperatures):
                dump = Path(scratch) / f"run{i}_{j}.dump"
                run = dataclasses.replace(job, log=job.log.with_suffix(f".run{i}_{j}.log"))
                run.run({"data": data, "mass": md.mass, "T": T, "dt": md.timestep, "seed": settings.seed + 100 * i + j,
                         "equil_steps": settings.equil_steps, "steps": settings.steps,
                         "dump_every": settings.dump_every, "tmax": md.max_temperature, "positions": dump})
                for frame in read_dump(dump):
                    if frame.step == 0:
                        continue  # the end of the equilibration
                    candidates.append(Atoms(atoms.symbols, frame.positions, cell=atoms.cell, pbc=True,
                                            info={"configuration": name, "temperature": T,
                                                  "group": f"{name} at {T:g} K", "time": frame.step * md.timestep}))
    for atoms in candidates:
        atoms.wrap()
    write_extxyz(out, candidates)
    return len(candidates)


def label(atoms: Atoms, calculator) -> Atoms:
    """`atoms` with the reference's energy, forces and stress as the training frames carry them."""
    labelled = atoms.copy()
    labelled.calc = calculator
    labelled.info.update(REF_energy=labelled.get_potential_energy(),
                         REF_stress=labelled.get_stress(voigt=False).reshape(9))
    labelled.arrays["REF_forces"] = labelled.get_forces()
    labelled.calc = None
    return labelled


def as_training_frame(labelled: Atoms, config_type: str) -> Atoms:
    """A labelled pool frame as a training frame: its labels and where it came from, the pool's
    bookkeeping (run, time) dropped, `config_type` set."""
    labelled.info = {key: labelled.info[key] for key in ("REF_energy", "REF_stress", "configuration", "temperature")}
    labelled.info["config_type"] = config_type
    return labelled


def choose_frames(pool_file, model_files, reference, selection: dict, settings: SelectionSettings, recipe: str,
                  selected_out, table_out) -> pd.DataFrame:
    """One round of selection: label the pool with the reference calculator, score every frame with
    the previous round's models (committee disagreement, and the model's own force error), leave out
    the frames whose reference force exceeds `max_force`, choose `frames` of the rest (committee:
    by disagreement; random: seed `seed`) under the diversity rule, and write the chosen frames,
    labelled, as training frames of `recipe`, and the table of the whole pool."""
    from mace.calculators import MACECalculator

    pool = [label(atoms, reference) for atoms in read(pool_file, index=":")]
    members = MACECalculator(model_paths=[str(path) for path in model_files], device="cpu", default_dtype="float64")
    scores = [frame_scores(members, atoms, atoms.arrays["REF_forces"]) for atoms in pool]
    table = pd.DataFrame({
        "configuration": [atoms.info["configuration"] for atoms in pool],
        "temperature": [atoms.info["temperature"] for atoms in pool],
        "time_ps": [atoms.info["time"] for atoms in pool],
        "reference_max_force": [np.linalg.norm(atoms.arrays["REF_forces"], axis=1).max() for atoms in pool],
        "disagreement": [d for d, _ in scores],
        "force_error": [e for _, e in scores]})
    eligible = np.flatnonzero(table["reference_max_force"] <= settings.max_force)
    groups = [pool[i].info["group"] for i in eligible]
    times = table["time_ps"].to_numpy()[eligible]
    try:
        if selection["method"] == "committee":
            picked = select_by_disagreement(table["disagreement"].to_numpy()[eligible], groups, times,
                                            selection["frames"], settings.min_separation)
        else:
            picked = select_at_random(groups, times, selection["frames"], settings.min_separation, selection["seed"])
    except ValueError as error:
        raise ValueError(f"{pool_file}: {len(eligible)} of {len(pool)} candidates have LJ forces within "
                         f"selection.max_force = {settings.max_force} eV/A (in the others the model's MD brought "
                         f"atoms closer than LJ allows), and {error}") from None
    chosen = eligible[picked]
    table["eligible"] = table.index.isin(eligible)
    table["chosen"] = table.index.isin(chosen)
    write_extxyz(selected_out, [as_training_frame(pool[i], recipe) for i in chosen])
    table.to_csv(table_out, index_label="frame")
    return table


# the 0 K benchmarks whose configurations the pool holds, and the dimer, which it does not
POOL_BENCHMARKS = ("vacancy_static", "elastic", "surfaces", "stacking_fault", "interstitial")
CURVE_BENCHMARKS = POOL_BENCHMARKS + ("dimer",)
WORST_POOLED = "worst pooled row"


def selection_curve(comparison: pd.DataFrame, rounds: dict[str, dict]) -> pd.DataFrame:
    """For every selection recipe and round (round 0: the base recipe's model), the largest |relative
    error against LJ| over each 0 K benchmark's headline rows, and over all rows of the pool's
    benchmarks (WORST_POOLED), with the row it comes from and the frames added so far."""
    from .report import HEADLINE

    headline = comparison[[(b, q) in set(HEADLINE) and b in CURVE_BENCHMARKS
                           for b, q in zip(comparison["benchmark"], comparison["quantity"])]]
    points = []
    for recipe, choice in rounds.items():
        entry = recipe.removesuffix(f"_r{choice['round']}")
        steps = [(0, choice["base"])] if choice["round"] == 1 else []
        for number, name in steps + [(choice["round"], recipe)]:
            points.append({"selection": entry, "method": choice["method"], "round": number,
                           "frames_added": number * choice["frames"], "potential": f"mace-{name}"})
    rows = []
    for point in points:
        mine = headline[headline["potential"] == point["potential"]]
        for benchmark, part in [(WORST_POOLED, mine[mine["benchmark"].isin(POOL_BENCHMARKS)]),
                                *mine.groupby("benchmark", sort=False)]:
            if part["rel_error"].notna().any():
                worst = part.loc[part["rel_error"].idxmax()]
                rows.append({**point, "benchmark": benchmark, "rel_error": worst["rel_error"], "row": worst["quantity"]})
    return pd.DataFrame(rows)
