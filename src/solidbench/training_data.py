"""Turn LAMMPS training runs into extended-XYZ frames for MACE.

Each frame carries REF_energy (eV), REF_forces (eV/A), REF_stress (eV/A^3, ASE sign convention:
tensile positive, virial part only) and its `config_type` (the recipe name), so that mace-torch
reads them with `--energy_key REF_energy --forces_key REF_forces --stress_key REF_stress`.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from ase import Atoms
from ase.io import write

from .dump import read_dump
from .lammps_run import LammpsJob
from .settings import TrainingRun
from .units import BAR_TO_EV_PER_A3

FRAME_THERMO_COLUMNS = ("step", "temp", "pe", "pvir_xx", "pvir_yy", "pvir_zz", "pvir_xy", "pvir_xz",
                        "pvir_yz", "lx", "ly", "lz", "xy", "xz", "yz")


def read_frame_thermo(path: str | os.PathLike) -> dict[int, dict[str, float]]:
    """Read the per-frame thermo file written by `fix print` in the training deck (first row per step wins)."""
    rows: dict[int, dict[str, float]] = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        values = [float(v) for v in line.split()]
        row = dict(zip(FRAME_THERMO_COLUMNS, values))
        rows.setdefault(int(row["step"]), row)
    return rows


def lammps_cell(row: dict[str, float]) -> np.ndarray:
    """LAMMPS box (lx, ly, lz, xy, xz, yz) as a 3x3 cell, lattice vectors as rows."""
    return np.array([[row["lx"], 0.0, 0.0], [row["xy"], row["ly"], 0.0], [row["xz"], row["yz"], row["lz"]]])


def virial_stress(row: dict[str, float]) -> np.ndarray:
    """The virial pressure tensor (bar, compressive positive) as ASE stress in eV/A^3 (tensile positive)."""
    p = row
    tensor = np.array([[p["pvir_xx"], p["pvir_xy"], p["pvir_xz"]],
                       [p["pvir_xy"], p["pvir_yy"], p["pvir_yz"]],
                       [p["pvir_xz"], p["pvir_yz"], p["pvir_zz"]]])
    return -tensor * BAR_TO_EV_PER_A3


def frames_to_atoms(dump_path, thermo_path, symbols_by_type: dict[int, str], config_type: str,
                    seed: int) -> list[Atoms]:
    """Pair dump frames with their thermo rows (by step) and build Atoms carrying REF_* labels."""
    frames = {frame.step: frame for frame in read_dump(dump_path)}
    thermo = read_frame_thermo(thermo_path)
    missing = sorted(set(frames) ^ set(thermo))
    if missing:
        raise ValueError(f"{dump_path} and {thermo_path} disagree on the dumped steps, e.g. step {missing[0]}")
    structures = []
    for step in sorted(frames):
        frame, row = frames[step], thermo[step]
        atoms = Atoms([symbols_by_type[int(t)] for t in frame.columns["type"]], positions=frame.positions,
                      cell=lammps_cell(row), pbc=True)
        atoms.wrap()
        atoms.info.update(REF_energy=row["pe"], REF_stress=virial_stress(row).reshape(9), config_type=config_type,
                          temperature=row["temp"], step=step, seed=seed)
        atoms.arrays["REF_forces"] = frame.vectors("fx", "fy", "fz")
        structures.append(atoms)
    return structures


def write_extxyz(path, structures: list[Atoms]) -> None:
    tmp = f"{path}.tmp"
    write(tmp, structures, format="extxyz")
    os.replace(tmp, path)


def write_configurations(path, configurations: dict[str, Atoms]) -> None:
    """A benchmark's configurations (extxyz), by name in info["configuration"]: positions and cell
    only, without calculator results or constraints."""
    write_extxyz(path, [Atoms(atoms.symbols, atoms.positions, cell=atoms.cell, pbc=True, info={"configuration": name})
                        for name, atoms in configurations.items()])


def generate_frames(job: LammpsJob, record_deck, run: TrainingRun, a0: float, out) -> int:
    """Run one training-data deck (one run of a recipe) with LAMMPS and write its frames as extxyz,
    labelled with the recipe as config_type."""
    out = Path(out)
    dump, thermo = out.with_suffix(".dump"), out.with_suffix(".frames.dat")
    settings, md = run.deck_settings, run.md
    protocol_variables = {k: v for k, v in settings.items() if k not in ("protocol", "cells")}
    job.run({**protocol_variables, "a": a0, "n": settings["cells"], "mass": md.mass, "P": run.pressure,
             "dt": md.timestep, "seed": run.seed, "tmax": md.max_temperature, "record": Path(record_deck).resolve(),
             "frames": dump.resolve(), "frame_thermo": thermo.resolve()})
    structures = frames_to_atoms(dump, thermo, {1: run.element}, run.recipe, run.seed)
    write_extxyz(out, structures)
    dump.unlink()
    thermo.unlink()
    return len(structures)


def concatenate_extxyz(sources, out) -> int:
    from ase.io import read

    structures = [atoms for path in sources for atoms in read(path, index=":")]
    write_extxyz(out, structures)
    return len(structures)
