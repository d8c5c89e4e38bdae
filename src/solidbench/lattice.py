"""The perfect FCC crystal of any potential, through its pair include file: the isolated atom
(the zero of its cohesive energy), the 0 K lattice constant and cohesive energy (energy
minimisation with box relaxation), the 0 K equation of state, and the lattice constant at
temperature (NPT MD).

Every energy has a reference: the cohesive energy is E_atom - E_crystal/N with both energies
from the potential itself. For LJ the isolated atom is 0; for a MACE model it is the E0 fixed at
training, which need not be the reference's."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np
import pandas as pd
from ase import Atoms

from .io import read_json, write_csv
from .lammps_run import LammpsJob
from .results import quantity, result_value, write_result
from .settings import EOSSettings, NPTSettings
from .structure import SOLID_THRESHOLD, conventional_fcc, snapshot_order
from .units import GPA_TO_EV_PER_A3


def mean_and_stderr(series: np.ndarray) -> tuple[float, float, float]:
    """Mean of a correlated time series, its standard error and the statistical inefficiency g
    (1 + 2 x the integrated autocorrelation time, in samples) from pymbar's estimator:
    stderr = std * sqrt(g / N). A fixed 10-block average, used before, has no check that a block
    outlasts the correlation time; on the default run's NPT series it gave errors up to 2.1x
    smaller than this."""
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):  # pymbar prints a banner about JAX on import
        from pymbar import timeseries

    series = np.asarray(series, dtype=float)
    if len(series) < 10:
        raise ValueError(f"need at least 10 samples for a mean with an error bar, got {len(series)}")
    g = float(timeseries.statistical_inefficiency(series))
    return float(series.mean()), float(series.std(ddof=1) * np.sqrt(g / len(series))), g


# Edges of the cubic boxes the isolated atom is computed in: both far wider than twice any cutoff
# an argon potential uses (LJ 8.5 A; a MACE model's receptive field is r_max per layer, but it
# only sees atoms within r_max). Two sizes, so a potential with a longer reach than expected is
# caught instead of trusted.
ISOLATED_BOXES = (40.0, 50.0)


def isolated_atom_energy(calculator, symbol: str) -> float:
    """Energy of one atom alone in a periodic box (eV), from any ASE calculator; raises if it
    depends on the box, i.e. if the atom still sees its images."""
    energies = []
    for box in ISOLATED_BOXES:
        atoms = Atoms(symbol, positions=[[box / 2] * 3], cell=[box] * 3, pbc=True)
        atoms.calc = calculator
        energies.append(float(atoms.get_potential_energy()))
    if abs(energies[1] - energies[0]) > 1e-9:
        raise ValueError(f"the isolated-atom energy depends on the box: {energies[0]!r} eV in {ISOLATED_BOXES[0]} A, "
                         f"{energies[1]!r} eV in {ISOLATED_BOXES[1]} A")
    return energies[1]


def isolated_atom(pair_file, potential: str, symbol: str, mass: float, out) -> list[dict]:
    """The potential's isolated-atom energy through its pair file in LAMMPS (benchmark lattice)."""
    from .calculator import LammpsCalculator

    with LammpsCalculator(pair_file, {symbol: mass}) as calc:
        energy = isolated_atom_energy(calc, symbol)
    quantities = [quantity("isolated_atom_energy", energy, "eV")]
    write_result(out, potential, "lattice", quantities, boxes_angstrom=list(ISOLATED_BOXES))
    return quantities


def lattice_0k(job: LammpsJob, a_guess: float, cells: int, mass: float, isolated_atom_json, out) -> list[dict]:
    """The 0 K lattice constant (box relaxation from a_guess) and the cohesive energy from the
    potential's own isolated atom."""
    raw = Path(out).with_suffix(".lammps.json")
    job.run({"a0": a_guess, "n": cells, "mass": mass, "out": raw.resolve()})
    data = read_json(raw)
    raw.unlink()
    e_atom = result_value(isolated_atom_json, "isolated_atom_energy")
    quantities = [
        quantity("lattice_constant", data["lattice_constant"], "angstrom"),
        # positive = bound; measured from the potential's own isolated atom, not from zero
        quantity("cohesive_energy", e_atom - data["energy_per_atom"], "eV/atom"),
    ]
    write_result(out, job.potential, "lattice", quantities, residual_pressure_bar=data["pressure_bar"],
                 natoms=data["natoms"], energy_per_atom=data["energy_per_atom"], isolated_atom_energy=e_atom,
                 method="box/relax iso 0 bar + cg minimisation")
    return quantities


def energy_volume(calculator, a0: float, cells: int, symbol: str, strain: float, points: int) -> pd.DataFrame:
    """E(V) of the perfect crystal, `points` lattice constants evenly spaced over a0 (1 ± strain):
    columns lattice_constant (A), volume (A^3/atom), energy (eV/atom)."""
    rows = []
    for a in a0 * np.linspace(1 - strain, 1 + strain, points):
        atoms = conventional_fcc(a, symbol).repeat((cells,) * 3)
        atoms.calc = calculator
        rows.append({"lattice_constant": a, "volume": atoms.get_volume() / len(atoms),
                     "energy": atoms.get_potential_energy() / len(atoms)})
    return pd.DataFrame(rows)


def fit_equation_of_state(volumes, energies, form: str = "birchmurnaghan") -> dict:
    """ASE's EquationOfState fit of E(V) per atom: E0 (eV/atom), V0 (A^3/atom), B0 (GPa), B0'."""
    from ase.eos import EquationOfState

    eos = EquationOfState(np.asarray(volumes), np.asarray(energies), eos=form)
    eos.fit(warn=False)
    e0, b0, b0_prime, v0 = eos.eos_parameters
    return {"energy": float(e0), "volume": float(v0), "bulk_modulus_gpa": float(b0 / GPA_TO_EV_PER_A3),
            "bulk_modulus_derivative": float(b0_prime), "lattice_constant": float((4 * v0) ** (1 / 3))}


def equation_of_state(pair_file, potential: str, lattice_0k_json, isolated_atom_json, settings: EOSSettings,
                      out_json, out_csv) -> list[dict]:
    """The 0 K equation of state of one potential around its own 0 K lattice constant (benchmark
    lattice), fitted twice: over a0 (1 +- b0_strain) for B0 and the fit's lattice constant (the
    curvature at the minimum; a wide window reads it low wherever E(V) has a kink, as LJ's cutoff
    makes one at +2 %), and over a0 (1 +- strain) for B0'. The E(V) points of both windows go to
    `out_csv`, energies per atom measured from the potential's isolated atom."""
    from .calculator import LammpsCalculator

    s = settings
    a0 = result_value(lattice_0k_json, "lattice_constant")
    e_atom = result_value(isolated_atom_json, "isolated_atom_energy")
    with LammpsCalculator(pair_file, {s.element: s.mass}) as calc:
        curve = pd.concat([energy_volume(calc, a0, s.cells, s.element, s.strain, s.points).assign(window="wide"),
                           energy_volume(calc, a0, s.cells, s.element, s.b0_strain, s.b0_points)
                           .assign(window="narrow")], ignore_index=True)
    curve["energy"] -= e_atom
    fits = {window: fit_equation_of_state(rows["volume"], rows["energy"], s.form)
            for window, rows in curve.groupby("window")}
    quantities = [quantity("lattice_constant_eos", fits["narrow"]["lattice_constant"], "angstrom"),
                  quantity("bulk_modulus", fits["narrow"]["bulk_modulus_gpa"], "GPa"),
                  quantity("bulk_modulus_derivative", fits["wide"]["bulk_modulus_derivative"], "1")]
    write_csv(out_csv, curve)
    write_result(out_json, potential, "lattice", quantities, form=s.form, strain=s.strain, points=s.points,
                 b0_strain=s.b0_strain, b0_points=s.b0_points, atoms=4 * s.cells**3, fits=fits,
                 equilibrium_energy_per_atom=fits["narrow"]["energy"], equilibrium_volume=fits["narrow"]["volume"],
                 energy_zero="the potential's isolated atom",
                 windows="B0 and lattice_constant_eos from a0 (1 +- b0_strain), B0' from a0 (1 +- strain)")
    return quantities


def read_ave_time(path: str | os.PathLike) -> np.ndarray:
    """Rows of a `fix ave/time` file (comment lines skipped)."""
    return np.loadtxt(path, comments="#", ndmin=2)


def lattice_npt(job: LammpsJob, settings: NPTSettings, a0: float, temperature: float, out, series) -> list[dict]:
    """NPT at `temperature` and the settings' pressure from the FCC cell at lattice constant a0: the
    mean lattice constant with its pymbar error (JSON) and the sampled series."""
    final = Path(out).with_suffix(".final.dump")
    md = settings.md
    job.run({"a": a0, "n": settings.cells, "mass": md.mass, "T": temperature, "P": settings.pressure,
             "dt": md.timestep, "seed": settings.seed, "equil_steps": settings.equil_steps,
             "prod_steps": settings.prod_steps, "sample_every": settings.sample_every, "tmax": md.max_temperature,
             "series": Path(series).resolve(), "final": final.resolve()})
    order = snapshot_order(final, settings.cells)
    final.unlink()
    table = read_ave_time(series)  # step, a, T, P, pe
    a_mean, a_err, a_inefficiency = mean_and_stderr(table[:, 1])
    t_mean, t_err, _ = mean_and_stderr(table[:, 2])
    p_mean, p_err, _ = mean_and_stderr(table[:, 3])
    # a potential whose crystal does not survive NPT at (T, P) has no lattice constant there: that
    # outcome is the benchmark result, recorded through the order parameter instead
    solid = order > SOLID_THRESHOLD
    quantities = [quantity("fcc_order", order, "1", temperature=temperature)]
    if solid:
        quantities.append(quantity("lattice_constant", a_mean, "angstrom", a_err, temperature=temperature))
    else:
        logging.warning("%s: the crystal lost FCC order in NPT at %g K (S = %.3g); no lattice constant reported",
                        job.potential, temperature, order)
    write_result(out, job.potential, "lattice", quantities, temperature=temperature, stayed_solid=bool(solid),
                 measured_temperature=[t_mean, t_err], measured_pressure_bar=[p_mean, p_err],
                 samples=len(table), statistical_inefficiency=a_inefficiency, mean_box_lattice_constant=a_mean)
    return quantities


def reference_lattice_constant(result_json) -> float:
    """The lattice constant of a lattice benchmark result (0 K or NPT); a clear error if the run
    did not keep the crystal."""
    result = read_json(result_json)
    found = [q["value"] for q in result["quantities"] if q["name"] == "lattice_constant"]
    if not found:
        raise ValueError(f"{result_json}: no lattice constant ({result['potential']} did not stay a crystal there)")
    return found[0]
