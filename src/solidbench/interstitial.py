"""The self-interstitial at 0 K: formation energies of the octahedral, tetrahedral and split-dumbbell
configurations, which of them are minima, and the migration barrier of the <100> dumbbell by CI-NEB.

Conventions: `cells`^3 conventional FCC cells plus one atom at a fixed lattice constant (LJ's 0 K
value), atoms relaxed at fixed cell from the configuration's symmetric start, which relaxation keeps
(forces respect the symmetry), so each ends on a stationary point; E_f = E(N+1) - (N+1)/N E(N). A
configuration is a minimum when its finite-difference Hessian has no imaginary mode beyond the three
translations.
"""

from __future__ import annotations

import logging

import numpy as np
from ase import Atom, Atoms
from ase.geometry import find_mic

from .settings import InterstitialSettings
from .structure import conventional_fcc

# split dumbbells: site 0 replaced by two atoms at +-DUMBBELL_HALF_LENGTH x a along the axis
DUMBBELL_AXES = {"dumbbell_100": (0, 0, 1), "dumbbell_110": (1, 1, 0), "dumbbell_111": (1, 1, 1)}
DUMBBELL_HALF_LENGTH = 0.3  # of the lattice constant: 3.16 A apart at LJ's a0, LJ relaxes them to 3.25 A
IMAGINARY_TOLERANCE = 0.02  # THz: the translations' |frequency| is numerical noise far below this
NEB_STEPS = 1000  # FIRE steps: LJ's 257-atom path converges in about 100; a model's path that has not
                  # by 1000 does not by 5000 either (the default MACE's collapsed dumbbell, measured)


def interstitial_configurations(a: float, cells: int, symbol: str = "Ar") -> tuple[Atoms, dict[str, Atoms]]:
    """The perfect crystal and, by name, its unrelaxed interstitial configurations: an extra atom
    at the octahedral site (a/2, 0, 0) or the tetrahedral site (a/4, a/4, a/4), or site 0 split
    into a dumbbell along <100>, <110> or <111>. In a dumbbell, atom 0 is the end on the +axis side
    and the last atom the other end."""
    perfect = conventional_fcc(a, symbol).repeat((cells,) * 3)
    configurations = {}
    for name, site in (("octahedral", (a / 2, 0, 0)), ("tetrahedral", (a / 4, a / 4, a / 4))):
        configurations[name] = perfect.copy()
        configurations[name].append(Atom(symbol, site))
    for name, axis in DUMBBELL_AXES.items():
        half = DUMBBELL_HALF_LENGTH * a * np.asarray(axis) / np.linalg.norm(axis)
        dumbbell = perfect.copy()
        dumbbell.positions[0] = half
        dumbbell.append(Atom(symbol, -half))
        configurations[name] = dumbbell
    for atoms in configurations.values():
        atoms.wrap()
    return perfect, configurations


def dumbbell_hop_final(initial: Atoms, a: float) -> Atoms:
    """The end state of the <100> dumbbell's translation-rotation jump: the +z end of the relaxed
    [001] dumbbell at site 0 (atom 0) pairs with the atom on the neighbour site n = (a/2, 0, a/2)
    into a [100] dumbbell centred on n, and the other end (the last atom) takes site 0."""
    final = initial.copy()
    half_length = np.linalg.norm(initial.get_distance(0, -1, mic=True, vector=True)) / 2
    n = np.array([a / 2, 0.0, a / 2])
    partner = int(np.argmin(np.linalg.norm(initial.positions[1:-1] - n, axis=1))) + 1
    final.positions[0] = n - [half_length, 0, 0]
    final.positions[partner] = n + [half_length, 0, 0]
    # site 0 as the image nearest the last atom, so that a linear interpolation moves it the short way
    final.positions[-1] += find_mic(-initial.positions[-1], initial.cell)[0]
    return final


def closest_pair(atoms: Atoms) -> float:
    """The shortest interatomic distance (A, minimum image)."""
    distances = atoms.get_all_distances(mic=True)
    return float(distances[np.triu_indices(len(atoms), 1)].min())


def interstitial_at_0K(pair_file, potential: str, a: float, settings: InterstitialSettings, out_json,
                       out_structures) -> list[dict]:
    """The interstitial benchmark of one potential at lattice constant `a`: each configuration's
    formation energy (eV) and whether it is a minimum, the lowest minimum, and the <100> dumbbell's
    migration barrier by CI-NEB, its saddle's imaginary modes counted, and the shortest distance
    between two atoms in any of the relaxed configurations (a collapsed pair). Writes the relaxed
    configurations and the saddle (extxyz). A model without a minimum among them, or without a
    converged path, loses that row with a warning in the log."""
    from .calculator import LammpsCalculator
    from .results import quantity, write_result
    from .training_data import write_configurations
    from .vacancy import climbing_image_neb, mode_frequencies, relax

    s = settings
    calculators = []

    def make_calculator():
        calculators.append(LammpsCalculator(pair_file, {s.element: s.mass}))
        return calculators[-1]

    try:
        calc = make_calculator()
        perfect, configurations = interstitial_configurations(a, s.cells, s.element)
        perfect.calc = calc
        e_perfect = perfect.get_potential_energy()
        formation, imaginary = {}, {}
        for name, atoms in configurations.items():
            formation[name] = relax(atoms, calc, s.relax_fmax) - (len(atoms) / len(perfect)) * e_perfect
            frequencies = mode_frequencies(atoms, calc, s.hessian_step, s.mass)
            imaginary[name] = int(np.sum(frequencies < -IMAGINARY_TOLERANCE))
        initial = configurations["dumbbell_100"]
        final = dumbbell_hop_final(initial, a)
        e_final = relax(final, calc, s.relax_fmax)
        if abs(e_final - initial.get_potential_energy()) > 1e-3:
            logging.warning("%s: the hop's end state relaxed to %.4g eV from its start's energy: not the "
                            "symmetric image of the [001] dumbbell", potential, e_final - initial.get_potential_energy())
        try:
            path, energies = climbing_image_neb(initial, final, make_calculator, s.images, s.path_fmax, NEB_STEPS)
        except RuntimeError as err:  # a model whose path has no saddle near the dumbbell's: a result, not a crash
            logging.warning("%s: no migration barrier: %s", potential, err)
            path = None
        if path is not None:
            saddle = path[int(np.argmax(energies))]
            saddle_imaginary = int(np.sum(mode_frequencies(saddle, calc, s.hessian_step, s.mass)
                                          < -IMAGINARY_TOLERANCE))
            if saddle_imaginary != 1:
                logging.warning("%s: the dumbbell's CI-NEB top image has %d imaginary modes, not a saddle's one",
                                potential, saddle_imaginary)
            configurations["dumbbell_100 saddle"] = saddle
    finally:
        for c in calculators:
            c.close()
    write_configurations(out_structures, configurations)
    minima = [name for name in formation if imaginary[name] == 0]
    quantities = [quantity(f"interstitial_formation_{name}", value, "eV") for name, value in formation.items()]
    quantities.append(quantity("interstitial_closest_pair", min(closest_pair(configurations[name]) for name in formation),
                               "angstrom"))
    if minima:
        stable = min(minima, key=formation.get)
        quantities.append(quantity("interstitial_formation_energy", formation[stable], "eV"))
        if stable != "dumbbell_100":
            logging.warning("%s: the stable interstitial is the %s, not the <100> dumbbell whose migration is "
                            "measured", potential, stable)
    else:
        stable = None
        logging.warning("%s: none of the interstitial configurations is a minimum (imaginary modes: %s)", potential,
                        imaginary)
    if path is not None:
        quantities.append(quantity("interstitial_migration_barrier", energies.max() - energies[0], "eV"))
    write_result(out_json, potential, "interstitial", quantities, lattice_constant=a, natoms=len(perfect) + 1,
                 stable=stable, minima=minima, imaginary_modes=imaginary,
                 saddle_imaginary_modes=saddle_imaginary if path is not None else None,
                 migration="the <100> dumbbell's translation-rotation jump to a nearest-neighbour site (CI-NEB)",
                 convention="E_f = E(N+1, relaxed from the symmetric start, fixed cell) - (N+1)/N E(N)")
    return quantities
