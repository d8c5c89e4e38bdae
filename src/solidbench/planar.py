"""Planar defects at 0 K: the free surfaces (100), (110), (111) and the generalized stacking fault on
(111) along <112>. Each is a periodic FCC block oriented with z along the plane's normal, at a fixed
lattice constant, with atoms relaxed (a surface's freely, a fault's only along z).

Conventions: a surface energy is (E_slab - N e_bulk) / 2A, with e_bulk the energy per atom of the
same block without vacuum (same cell shape, same calculator); a fault energy is (E(u) - E(0)) / A of
a block whose third cell vector is tilted by u partial Burgers vectors b_p = a/sqrt(6), so that the
one fault per period sits at the cell boundary.
"""

from __future__ import annotations

import logging
import math

import numpy as np
import pandas as pd
from ase import Atoms
from ase.constraints import FixCartesian
from ase.lattice.cubic import FaceCenteredCubic

from .units import EV_PER_A2_TO_J_PER_M2

# the block's x, y, z as cubic directions, and the layers one period along z holds
ORIENTATIONS = {"100": ([[1, 0, 0], [0, 1, 0], [0, 0, 1]], 2),
                "110": ([[0, 0, 1], [1, -1, 0], [1, 1, 0]], 2),
                "111": ([[1, -1, 0], [1, 1, -2], [1, 1, 1]], 3)}


def oriented_block(a: float, symbol: str, plane: str, periods: int, lateral: int) -> Atoms:
    """A periodic FCC block with z along the normal of `plane`, `periods` repeats along z (layers:
    periods x ORIENTATIONS[plane][1]) and `lateral` x `lateral` in the plane."""
    directions, _ = ORIENTATIONS[plane]
    return FaceCenteredCubic(directions=directions, size=(lateral, lateral, periods), latticeconstant=a,
                             symbol=symbol, pbc=True)


def periods_for(a: float, plane: str, thickness: float) -> int:
    """The fewest periods along the normal of `plane` that make a block at least `thickness` thick."""
    return math.ceil(thickness / oriented_block(a, "X", plane, 1, 1).cell[2, 2])


def _area(atoms: Atoms) -> float:
    return float(np.linalg.norm(np.cross(atoms.cell[0], atoms.cell[1])))


def surface_energy(calculator, a: float, symbol: str, plane: str, periods: int, lateral: int, vacuum: float,
                   relax) -> tuple[float, Atoms]:
    """Surface energy (eV/A^2) of a slab of `periods` periods with `vacuum` A of empty space between
    its periodic images, and the slab; `relax(atoms)` relaxes it in place and returns its energy."""
    bulk = oriented_block(a, symbol, plane, periods, lateral)
    bulk.calc = calculator
    e_bulk = bulk.get_potential_energy() / len(bulk)
    slab = bulk.copy()
    slab.cell[2] += [0.0, 0.0, vacuum]
    return float((relax(slab) - len(slab) * e_bulk) / (2 * _area(slab))), slab


def faulted_block(block: Atoms, shift: float) -> Atoms:
    """The (111) block with its top shifted by `shift` A along [11-2] (the cell's y), its atoms free
    to move along z only."""
    faulted = block.copy()
    faulted.cell[2] += [0.0, shift, 0.0]
    faulted.set_constraint(FixCartesian(range(len(faulted)), mask=(True, True, False)))
    return faulted


def gsf_curve(calculator, a: float, symbol: str, periods: int, lateral: int, step: float, relax
              ) -> tuple[pd.DataFrame, list[Atoms]]:
    """The generalized stacking fault energy gamma(u) (eV/A^2) for u = 0 ... 1 partial Burgers
    vectors along [11-2], relaxed along z and unrelaxed, and the relaxed blocks. At u = 1 the
    stacking ABC|BCA holds the intrinsic fault; the opposite direction would put layers on top of
    each other at u = 1."""
    block = oriented_block(a, symbol, "111", periods, lateral)
    block.calc = calculator
    e_perfect = block.get_potential_energy()
    area = _area(block)
    u = np.linspace(0.0, 1.0, round(1 / step) + 1)
    relaxed, unrelaxed, blocks = [], [], []
    for x in u:
        faulted = faulted_block(block, x * a / math.sqrt(6))
        faulted.calc = calculator
        unrelaxed.append((faulted.get_potential_energy() - e_perfect) / area)
        relaxed.append((relax(faulted) - e_perfect) / area)
        blocks.append(faulted)
    return pd.DataFrame({"u": u, "relaxed": relaxed, "unrelaxed": unrelaxed}), blocks


def curve_maximum(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(position, value) of the maximum of a sampled curve: the vertex of the parabola through the
    highest grid point and its two neighbours (the grid point itself at an end)."""
    i = int(np.argmax(y))
    if i in (0, len(y) - 1):
        return float(x[i]), float(y[i])
    c2, c1, c0 = np.polyfit(x[i - 1:i + 2], y[i - 1:i + 2], 2)
    top = -c1 / (2 * c2)
    return float(top), float(np.polyval([c2, c1, c0], top))


def surfaces_benchmark(pair_file, potential: str, a: float, settings, out_json, out_structures) -> list[dict]:
    """Relaxed surface energies (J/m^2) of (100), (110) and (111) at lattice constant `a`, each from
    the thickest of two slabs (`settings.thickness` and one period more); the details give each
    plane's change between the two, which must stay under 0.5 %. Writes the relaxed thick slabs
    (extxyz)."""
    from .calculator import LammpsCalculator
    from .results import quantity, write_result
    from .training_data import write_configurations
    from .vacancy import relax

    quantities, convergence, slabs = [], {}, {}
    with LammpsCalculator(pair_file, {settings.element: settings.mass}) as calc:
        for plane in ORIENTATIONS:
            periods = periods_for(a, plane, settings.thickness)
            (thin, _), (thick, slab) = (surface_energy(calc, a, settings.element, plane, n, settings.lateral,
                                                       settings.vacuum, lambda s: relax(s, calc, settings.relax_fmax))
                                        for n in (periods, periods + 1))
            slabs[f"({plane}) slab"] = slab
            convergence[plane] = abs(thick - thin) / abs(thick)
            if convergence[plane] > 0.005:
                logging.warning("%s: the (%s) surface energy changes by %.2g %% with one period more: make "
                                "surfaces.thickness larger", potential, plane, 100 * convergence[plane])
            quantities.append(quantity(f"surface_energy_{plane}", thick * EV_PER_A2_TO_J_PER_M2, "J/m^2"))
    write_configurations(out_structures, slabs)
    write_result(out_json, potential, "surfaces", quantities, lattice_constant=a, vacuum=settings.vacuum,
                 relative_change_one_period_thinner=convergence,
                 convention="(E_slab - N e_bulk) / 2A, atoms relaxed at fixed cell, e_bulk from the same block "
                            "without vacuum")
    return quantities


def stacking_fault_benchmark(pair_file, potential: str, a: float, settings, out_json, out_csv, out_structures
                             ) -> list[dict]:
    """The (111) generalized stacking fault along [11-2] at lattice constant `a`: the intrinsic
    fault energy gamma_isf = gamma(b_p) and the unstable fault energy gamma_us (the curve's maximum)
    in J/m^2, from atoms relaxed along z; the relaxed and unrelaxed curves in the CSV, the relaxed
    blocks at the intrinsic fault and at the grid point nearest the unstable one (extxyz)."""
    from .calculator import LammpsCalculator
    from .io import write_csv
    from .results import quantity, write_result
    from .training_data import write_configurations
    from .vacancy import relax

    periods = math.ceil(settings.layers / ORIENTATIONS["111"][1])
    with LammpsCalculator(pair_file, {settings.element: settings.mass}) as calc:
        curve, blocks = gsf_curve(calc, a, settings.element, periods, settings.lateral, settings.step,
                          lambda s: relax(s, calc, settings.relax_fmax))
    curve[["relaxed", "unrelaxed"]] *= EV_PER_A2_TO_J_PER_M2
    write_csv(out_csv, curve)
    u_us, gamma_us = curve_maximum(curve["u"].to_numpy(), curve["relaxed"].to_numpy())
    nearest_us = int(np.argmin(np.abs(curve["u"].to_numpy() - u_us)))
    write_configurations(out_structures, {"intrinsic fault": blocks[-1], "unstable fault": blocks[nearest_us]})
    quantities = [quantity("stacking_fault_isf", curve["relaxed"].iloc[-1], "J/m^2"),
                  quantity("stacking_fault_us", gamma_us, "J/m^2")]
    write_result(out_json, potential, "stacking_fault", quantities, lattice_constant=a, layers=3 * periods,
                 unstable_fault_at_partials=u_us,
                 convention="(E(u) - E(0)) / A of a tilted periodic (111) block, one fault per period, atoms "
                            "relaxed along the fault normal only; u in partial Burgers vectors a/sqrt(6) along [11-2]")
    return quantities
