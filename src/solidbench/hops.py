"""Vacancy hops counted in direct MD, and their Arrhenius fit.

Hop detection: each frame, every atom is assigned to its nearest perfect-lattice site (Wigner-Seitz
occupancy, minimum image in the fixed cubic cell). With one vacancy, exactly one site is empty;
frames where that is not so (an atom caught midway between two sites, a transient Frenkel pair)
carry no vacancy position. Thermal vibration never moves an atom out of its Wigner-Seitz cell in a
solid, but a hop attempt can cross the cell boundary and come back: so the vacancy's site sequence
is split into visits, visits shorter than a dwell time are dropped as recrossings, and each change
of site between the remaining visits is one hop.

Rates: n hops in time t give r = n/t with the Poisson standard error sqrt(n)/t. The Arrhenius fit
ln r = ln ν - E_a/(k_B T) is weighted by the Poisson variance of ln r, 1/n.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .dump import read_dump
from .io import read_json, write_json
from .lammps_run import LammpsJob, loop_seconds, thermo_blocks
from .results import find_quantity, quantity, write_result
from .settings import HopMDSettings
from .structure import SOLID_THRESHOLD, conventional_fcc, fcc_order
from .units import KB_EV
from .vacancy import tst_hop_rate


def fcc_sites(a: float, cells: int) -> np.ndarray:
    """Sites (cells^3 x 4, 3) of the perfect FCC crystal in a cube of cells^3 conventional cells."""
    return conventional_fcc(a).repeat((cells,) * 3).positions


def vacant_sites(positions: np.ndarray, sites: np.ndarray, box: float) -> np.ndarray:
    """For frames of positions (frames, atoms, 3) in a cubic periodic box of side `box` whose sites are
    given, the index of the single empty site per frame, or -1 where the number of empty sites is not one."""
    tree = cKDTree(np.mod(sites, box), boxsize=box)
    frames = positions.shape[0]
    _, nearest = tree.query(np.mod(positions, box).reshape(-1, 3))
    nearest = nearest.reshape(frames, -1)
    vacancy = np.full(frames, -1, dtype=int)
    for f in range(frames):
        empty = np.flatnonzero(np.bincount(nearest[f], minlength=len(sites)) == 0)
        if len(empty) == 1:
            vacancy[f] = empty[0]
    return vacancy


@dataclass
class Hop:
    time: float  # first frame of the new visit
    origin: int
    destination: int


def count_hops(vacancy: np.ndarray, times: np.ndarray, dwell: float) -> list[Hop]:
    """Hops of the vacancy from its per-frame site (-1: unknown) at `times`: the site changes between
    visits that last at least `dwell` (frame to frame, so a visit seen in one frame lasts 0)."""
    known = vacancy >= 0
    sites, stamps = vacancy[known], times[known]
    if len(sites) == 0:
        return []
    starts = np.concatenate([[0], np.flatnonzero(np.diff(sites) != 0) + 1])
    ends = np.concatenate([starts[1:], [len(sites)]]) - 1
    settled = [(sites[s], stamps[s]) for s, e in zip(starts, ends) if stamps[e] - stamps[s] >= dwell]
    return [Hop(float(t), int(previous), int(site))
            for (previous, _), (site, t) in zip(settled[:-1], settled[1:]) if site != previous]


def poisson_rate(hops: int, duration: float) -> tuple[float, float]:
    """Rate and its Poisson standard error; zero hops give rate 0 with the 1-sigma-like bound 1/t."""
    return hops / duration, max(np.sqrt(hops), 1.0) / duration


@dataclass
class ArrheniusFit:
    activation_energy: float  # eV
    activation_energy_stderr: float
    prefactor: float  # same unit as the rates
    prefactor_stderr: float
    temperatures_used: list[float]


def arrhenius_fit(temperatures, hops, durations) -> ArrheniusFit:
    """Weighted least squares of ln(n/t) against 1/(k_B T), weights n (the inverse Poisson variance of
    ln r); temperatures without hops carry no ln r and are left out. Needs two temperatures with hops."""
    temperatures, hops, durations = (np.asarray(v, dtype=float) for v in (temperatures, hops, durations))
    use = hops > 0
    if use.sum() < 2:
        raise ValueError(f"an Arrhenius fit needs hops at two temperatures or more; got hops {hops.tolist()} "
                         f"at {temperatures.tolist()} K")
    x = 1.0 / (KB_EV * temperatures[use])
    y = np.log(hops[use] / durations[use])
    design = np.column_stack([np.ones_like(x), -x])
    weights = hops[use]
    normal = design.T @ (weights[:, None] * design)
    covariance = np.linalg.inv(normal)
    ln_prefactor, energy = covariance @ design.T @ (weights * y)
    prefactor = float(np.exp(ln_prefactor))
    return ArrheniusFit(float(energy), float(np.sqrt(covariance[1, 1])), prefactor,
                        prefactor * float(np.sqrt(covariance[0, 0])), temperatures[use].tolist())


def hop_md(job: LammpsJob, settings: HopMDSettings, a: float, temperature: float, out_json, out_trajectory) -> dict:
    """Run the vacancy MD deck at one temperature, count hops, and write the hop record (JSON) and
    the vacancy's trajectory (CSV: time, vacant site and its position; -1 where no single site is empty)."""
    s, md, potential = settings, settings.md, job.potential
    cells, dwell = s.cells, s.dwell_ps
    out_trajectory = Path(out_trajectory)
    positions_file = out_trajectory.with_suffix(".dump")
    text = job.run({"a": a, "n": cells, "mass": md.mass, "T": temperature, "dt": md.timestep, "seed": s.seed,
                    "equil_steps": s.equil_steps, "steps": s.steps, "dump_every": s.dump_every,
                    "tmax": md.max_temperature, "positions": positions_file.resolve()})
    frames = read_dump(positions_file)
    positions = np.stack([frame.positions for frame in frames])
    times = np.array([frame.step for frame in frames]) * md.timestep
    sites = fcc_sites(a, cells)
    vacancy = vacant_sites(positions, sites, a * cells)
    # solid throughout: the order parameter at ~20 frames spread over the run, and the final one
    checked = list(range(0, len(frames), max(1, len(frames) // 20))) + [len(frames) - 1]
    order = min(fcc_order(positions[i], frames[i].cell, cells) for i in checked)
    located = float(np.mean(vacancy >= 0))
    positions_file.unlink()

    hops = count_hops(vacancy, times, dwell)
    duration = float(times[-1] - times[0])
    nn = a / np.sqrt(2.0)
    jumps = [float(np.linalg.norm(_minimum_image(sites[h.destination] - sites[h.origin], a * cells)))
             for h in hops]
    site_xyz = np.where(vacancy[:, None] >= 0, sites[vacancy], np.nan)
    pd.DataFrame({"time_ps": times, "site": vacancy, "x": site_xyz[:, 0], "y": site_xyz[:, 1],
                  "z": site_xyz[:, 2]}).to_csv(out_trajectory, index=False, float_format="%.6g")
    refusal = None
    if order < SOLID_THRESHOLD or located < 0.5:
        refusal = (f"{potential} at {temperature:g} K: the vacancy cell lost its FCC order (S = {order:.3g}, "
                   f"vacancy located in {100 * located:.0f}% of frames): no hop rate reported from a melted run")
        logging.warning(refusal)
    rate, stderr = poisson_rate(len(hops), duration)
    record = {"potential": potential, "temperature": temperature, "lattice_constant": a, "natoms": len(sites) - 1,
              "measured_temperature": float(np.mean(thermo_blocks(text)[-1]["Temp"])),
              "duration_ps": duration, "frames": len(frames), "dwell_ps": dwell,
              "md_cpu_minutes": loop_seconds(text)[-1] * job.threads / 60,
              "min_fcc_order": order, "vacancy_located_fraction": located, "stayed_solid": refusal is None,
              "refusal": refusal, "hops": len(hops), "rate": None if refusal else rate,
              "rate_stderr": None if refusal else stderr,
              "nearest_neighbour_jumps": int(sum(abs(j - nn) < 0.1 * nn for j in jumps)),
              "hop_list": [{"time_ps": h.time, "from": h.origin, "to": h.destination, "distance": j}
                           for h, j in zip(hops, jumps)]}
    write_json(out_json, record)
    return record


def _minimum_image(vector: np.ndarray, box: float) -> np.ndarray:
    return vector - box * np.round(vector / box)


def vacancy_md_summary(hop_jsons, mep_json, potential: str, out_json) -> list[dict]:
    """Hop rates at every temperature, their Arrhenius fit, and the harmonic TST rates from the
    minimum energy path (Vineyard prefactor and CI-NEB barrier, 12 jumps) at the same temperatures."""
    runs = sorted((read_json(path) for path in hop_jsons), key=lambda r: r["temperature"])
    mep = read_json(mep_json)["quantities"]
    # no prefactor where the path has no first-order saddle over a stable minimum
    prefactor = next((q["value"] for q in mep if q["name"] == "tst_prefactor"), None)
    barrier = find_quantity(mep, "migration_barrier_neb")["value"]
    quantities, tst = [], {}
    for run in runs:
        T = run["temperature"]
        quantities.append(quantity("fcc_order", run["min_fcc_order"], "1", temperature=T))
        if prefactor is not None:
            tst[T] = tst_hop_rate(prefactor, barrier, T)
            quantities.append(quantity("tst_hop_rate", tst[T], "1/ps", temperature=T))
        if run["stayed_solid"]:
            quantities.append(quantity("hop_rate", run["rate"], "1/ps", run["rate_stderr"], temperature=T))
    solid = [run for run in runs if run["stayed_solid"]]
    cpu_minutes = sum(run["md_cpu_minutes"] for run in runs)
    details = {"md_cpu_minutes": cpu_minutes, "temperatures": [run["temperature"] for run in runs],
               "hops": [run["hops"] for run in runs],
               "duration_ps": [run["duration_ps"] for run in runs],
               "refusals": [run["refusal"] for run in runs if run["refusal"]],
               "md_over_tst": {f"{run['temperature']:g}": run["rate"] / tst[run["temperature"]] for run in solid
                               if run["temperature"] in tst},
               "migration_barrier_neb": barrier, "tst_prefactor_THz": prefactor,
               "tst_rate_definition": "12 equivalent jumps x Vineyard prefactor x exp(-E_neb / kT)"}
    try:
        fit = arrhenius_fit([r["temperature"] for r in solid], [r["hops"] for r in solid],
                            [r["duration_ps"] for r in solid])
    except ValueError as error:
        details["arrhenius"] = f"not fitted: {error}"
        logging.warning("%s: %s", potential, details["arrhenius"])
    else:
        quantities += [quantity("arrhenius_activation_energy", fit.activation_energy, "eV",
                                fit.activation_energy_stderr),
                       quantity("arrhenius_prefactor", fit.prefactor, "1/ps", fit.prefactor_stderr)]
        details["arrhenius"] = {"temperatures": fit.temperatures_used,
                                "activation_energy_minus_neb_barrier": fit.activation_energy - barrier,
                                # the error falls as 1/sqrt(MD time): this is the error one CPU-minute buys
                                "activation_energy_stderr_one_cpu_minute":
                                    fit.activation_energy_stderr * np.sqrt(cpu_minutes)}
    write_result(out_json, potential, "vacancy_md", quantities, **details)
    return quantities
