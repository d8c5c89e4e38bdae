"""Lattice constant of the FCC crystal: 0 K (energy minimisation with box relaxation) and at
temperature (NPT MD), for any potential through its pair include file."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

from .io import read_json
from .lammps_run import run_lammps
from .results import quantity, write_result
from .structure import SOLID_THRESHOLD, snapshot_order


def block_average(series: np.ndarray, n_blocks: int = 10) -> tuple[float, float]:
    """Mean and its standard error from `n_blocks` contiguous blocks (handles time correlation
    as long as a block is longer than the correlation time)."""
    series = np.asarray(series, dtype=float)
    usable = len(series) - len(series) % n_blocks
    if usable < n_blocks:
        raise ValueError(f"need at least {n_blocks} samples for a block average, got {len(series)}")
    blocks = series[:usable].reshape(n_blocks, -1).mean(axis=1)
    return float(series.mean()), float(blocks.std(ddof=1) / np.sqrt(n_blocks))


def lattice_0k(deck, pair_file, potential: str, a_guess: float, cells: int, mass: float, out, log) -> dict:
    raw = Path(out).with_suffix(".lammps.json")
    run_lammps(deck, {"pair_file": Path(pair_file).resolve(), "a0": a_guess, "n": cells, "mass": mass,
                      "out": raw.resolve()}, log)
    data = read_json(raw)
    raw.unlink()
    quantities = {
        "lattice_constant": quantity(data["lattice_constant"], "angstrom"),
        # cohesive energy as a positive binding energy per atom, relative to isolated atoms (E = 0)
        "cohesive_energy": quantity(-data["energy_per_atom"], "eV/atom"),
    }
    write_result(out, potential, "lattice", quantities, residual_pressure_bar=data["pressure_bar"],
                 natoms=data["natoms"], method="box/relax iso 0 bar + cg minimisation")
    return quantities


def read_ave_time(path: str | os.PathLike) -> np.ndarray:
    """Rows of a `fix ave/time` file (comment lines skipped)."""
    return np.loadtxt(path, comments="#", ndmin=2)


def lattice_npt(deck, pair_file, potential: str, a0: float, cells: int, mass: float, temperature: float,
                pressure: float, timestep: float, seed: int, equil_steps: int, prod_steps: int,
                sample_every: int, max_temperature: float, out, series, log, threads: int = 1) -> dict:
    final = Path(out).with_suffix(".final.dump")
    run_lammps(deck, {"pair_file": Path(pair_file).resolve(), "a0": a0, "n": cells, "mass": mass,
                      "T": temperature, "P": pressure, "dt": timestep, "seed": seed,
                      "equil_steps": equil_steps, "prod_steps": prod_steps, "sample_every": sample_every,
                      "tmax": max_temperature, "series": Path(series).resolve(),
                      "final": final.resolve()}, log, threads=threads)
    order = snapshot_order(final, cells)
    final.unlink()
    table = read_ave_time(series)  # step, a, T, P, pe
    a_mean, a_err = block_average(table[:, 1])
    t_mean, t_err = block_average(table[:, 2])
    p_mean, p_err = block_average(table[:, 3])
    label = f"{temperature:g}K"
    # a potential whose crystal does not survive NPT at (T, P) has no lattice constant there: that
    # outcome is the benchmark result, recorded through the order parameter instead
    solid = order > SOLID_THRESHOLD
    quantities = {f"fcc_order_{label}": quantity(order, "1")}
    if solid:
        quantities[f"lattice_constant_{label}"] = quantity(a_mean, "angstrom", a_err)
    else:
        logging.warning("%s: the crystal lost FCC order in NPT at %g K (S = %.3g); no lattice constant reported",
                        potential, temperature, order)
    write_result(out, potential, "lattice", quantities, temperature=temperature, stayed_solid=bool(solid),
                 measured_temperature=[t_mean, t_err], measured_pressure_bar=[p_mean, p_err],
                 samples=len(table), mean_box_lattice_constant=a_mean)
    return quantities


def reference_lattice_constant(result_json) -> float:
    """The lattice constant of a lattice benchmark result (0 K or NPT); a clear error if the run
    did not keep the crystal."""
    result = read_json(result_json)
    names = [n for n in result["quantities"] if n.startswith("lattice_constant")]
    if not names:
        raise ValueError(f"{result_json}: no lattice constant ({result['potential']} did not stay a crystal there)")
    return result["quantities"][names[0]]["value"]
