"""The vacancy at 0 K: formation energy, the migration path by the string method and by
climbing-image NEB, the saddle's normal modes and the harmonic transition-state (Vineyard) rate.

Conventions: the vacancy cell is `cells`³ conventional FCC cells minus one atom, at a fixed
lattice constant (the reference 0 K value), with all atoms relaxed. The formation energy is
E_f = E(N-1, relaxed) - (N-1)/N · E(N). The hop moves a nearest neighbour of the vacant site into it.
"""

from __future__ import annotations

import logging

import numpy as np
from ase import Atoms
from ase.mep import NEB, NEBTools
from ase.optimize import FIRE, MDMin

from .hessian import finite_difference_hessian, normal_mode_frequencies
from .settings import VacancySettings
from .structure import conventional_fcc
from .units import KB_EV


def relax(atoms: Atoms, calculator, fmax: float, steps: int = 5000) -> float:
    """Relax positions at fixed cell; returns the energy. Raises if it does not converge."""
    atoms.calc = calculator
    if not FIRE(atoms, logfile=None).run(fmax=fmax, steps=steps):
        raise RuntimeError(f"relaxation did not reach fmax = {fmax} eV/A in {steps} steps")
    return float(atoms.get_potential_energy())


def _hop_neighbour(perfect: Atoms, a: float) -> int:
    """The index of site 0's nearest neighbour at (a/2, a/2, 0): the hop's partner."""
    target = perfect.positions[0] + [a / 2, a / 2, 0]
    return int(np.argmin(np.linalg.norm(perfect.positions - target, axis=1)))


def vacancy_endpoints(a: float, cells: int, symbol: str = "Ar") -> tuple[Atoms, Atoms, Atoms]:
    """(perfect crystal, vacancy at site 0, vacancy after the neighbour at (a/2, a/2, 0) hopped)."""
    perfect = conventional_fcc(a, symbol).repeat((cells,) * 3)
    neighbour = _hop_neighbour(perfect, a)
    initial = perfect.copy()
    del initial[0]
    final = initial.copy()
    final.positions[neighbour - 1] = perfect.positions[0]  # indices shift by one after deleting atom 0
    return perfect, initial, final


def divacancy_energies(perfect: Atoms, vacancy_formation: float, calculator, a: float, fmax: float) -> dict:
    """The nearest-neighbour divacancy (site 0 and its neighbour at (a/2, a/2, 0) empty, relaxed at
    fixed cell): its formation energy E(N-2) - (N-2)/N E(N) and its binding energy
    2 E_f(vacancy) - E_f(divacancy), positive where two vacancies attract (eV), and the relaxed cell."""
    divacancy = perfect.copy()
    del divacancy[[0, _hop_neighbour(perfect, a)]]
    formation = formation_energy(perfect, divacancy, calculator, fmax)
    return {"formation": formation, "binding": 2 * vacancy_formation - formation, "relaxed": divacancy}


def formation_energy(perfect: Atoms, vacancy: Atoms, calculator, fmax: float) -> float:
    """E_f = E(N-1, relaxed in place) - (N-1)/N E(N): relaxes `vacancy` at fixed cell."""
    perfect.calc = calculator
    e_perfect = float(perfect.get_potential_energy())
    return relax(vacancy, calculator, fmax) - (len(vacancy) / len(perfect)) * e_perfect


def _relaxed_band(initial: Atoms, final: Atoms, make_calculator, images: int, fmax: float, optimizer, what: str,
                  steps: int = 5000, **neb) -> tuple[list[Atoms], np.ndarray]:
    """`images` interior images between the end points, linearly interpolated, one calculator
    each, relaxed as an ASE band. Returns the images and their energies."""
    path = [initial.copy()] + [initial.copy() for _ in range(images)] + [final.copy()]
    for image in path:
        image.calc = make_calculator()
    band = NEB(path, **neb)
    band.interpolate()
    if not optimizer(band, logfile=None).run(fmax=fmax, steps=steps):
        raise RuntimeError(f"{what} did not converge to fmax = {fmax} eV/A in {steps} steps")
    return path, np.array([image.get_potential_energy() for image in path])


def string_method(initial: Atoms, final: Atoms, make_calculator, images: int, fmax: float
                  ) -> tuple[list[Atoms], np.ndarray, float]:
    """The string method (E, Ren & Vanden-Eijnden, J. Chem. Phys. 126, 164103, 2007) as ASE
    implements it (`NEB(method='string')`): the force perpendicular to the path moves the images,
    which are redistributed at equal arc length along a cubic spline after every step; converged
    when that force is below `fmax` on every image. The barrier comes from ASE's fit of E(s)
    through the images' energies and tangential forces (`NEBTools.get_barrier(fit=True)`).
    MDMin relaxes it: on the LJ vacancy (31 and 107 atoms) FIRE ran away (an atom a lattice
    vector off) or stalled 2 % high, for reasons not probed, where MDMin
    converged in under 100 steps to within 0.03 % of the CI-NEB barrier at fmax = 1e-4 (0.15 %
    at 1e-3). Returns the images, their energies and the fitted barrier."""
    path, energies = _relaxed_band(initial, final, make_calculator, images, fmax, MDMin, "string method",
                                   method="string")
    return path, energies, float(NEBTools(path).get_barrier(fit=True)[0])


def climbing_image_neb(initial: Atoms, final: Atoms, make_calculator, images: int, fmax: float, steps: int = 5000
                       ) -> tuple[list[Atoms], np.ndarray]:
    """Climbing-image NEB (ASE, improved tangent) relaxed with FIRE for at most `steps` steps: the
    climbing image ends on the saddle. Returns the images and their energies."""
    return _relaxed_band(initial, final, make_calculator, images, fmax, FIRE, "climbing-image NEB", steps,
                         method="improvedtangent", climb=True, k=0.05)


def path_coordinate(path: list[Atoms]) -> np.ndarray:
    """Cumulative distance along the path (3N-dimensional), normalised to [0, 1]."""
    steps = [np.linalg.norm(b.positions - a.positions) for a, b in zip(path[:-1], path[1:])]
    s = np.concatenate([[0.0], np.cumsum(steps)])
    return s / s[-1]


def real_mode_log_sums(minimum_freqs: np.ndarray, saddle_freqs: np.ndarray) -> tuple[float, float]:
    """Σ ln ν (THz) over the 3N-3 real modes of the minimum and over the 3N-4 real modes of the saddle
    (three zero translations and the saddle's one imaginary mode dropped); ln ν* is their difference."""
    return float(np.sum(np.log(np.sort(minimum_freqs)[3:]))), float(np.sum(np.log(np.sort(saddle_freqs)[4:])))


def vineyard(minimum_freqs: np.ndarray, saddle_freqs: np.ndarray) -> float:
    """Harmonic TST attempt frequency ν* = Π ν_min / Π ν_saddle (THz) over the real modes."""
    minimum, saddle = real_mode_log_sums(minimum_freqs, saddle_freqs)
    return float(np.exp(minimum - saddle))


def mode_frequencies(atoms: Atoms, calculator, step: float, mass: float) -> np.ndarray:
    """Normal-mode frequencies (THz, imaginary ones negative) from a finite-difference Hessian."""
    return normal_mode_frequencies(finite_difference_hessian(atoms, calculator, step), np.full(len(atoms), mass))


def saddle_modes(saddle: Atoms, minimum: Atoms, calculator, step: float, mass: float) -> dict:
    """Normal modes at the saddle and at the minimum; the count of imaginary modes at each (beyond
    three near-zero translations), and the Vineyard prefactor where it is defined: a first-order
    saddle over a stable minimum (else None)."""
    f_saddle = mode_frequencies(saddle, calculator, step, mass)
    f_min = mode_frequencies(minimum, calculator, step, mass)
    # translations give |ν| ~ noise; an imaginary mode of a real saddle is far larger
    tolerance = 0.02  # THz
    imaginary = int(np.sum(f_saddle < -tolerance))
    unstable_minimum = int(np.sum(f_min < -tolerance))
    return {"imaginary_modes_saddle": imaginary, "imaginary_frequency": float(f_saddle[0]),
            "imaginary_modes_minimum": unstable_minimum,
            "prefactor_THz": vineyard(f_min, f_saddle) if imaginary == 1 and unstable_minimum == 0 else None}


def tst_hop_rate(prefactor_thz: float, barrier: float, temperature: float, paths: int = 12) -> float:
    """Total vacancy hop rate (1/ps) over the `paths` equivalent nearest-neighbour jumps."""
    return paths * prefactor_thz * np.exp(-barrier / (KB_EV * temperature))


def vacancy_at_0K(pair_file, potential: str, a: float, settings: VacancySettings, out_static_json, out_mep_json,
                  out_path_csv, out_structures) -> list[dict]:
    """The vacancy of one potential (through its LAMMPS pair file) at 0 K. Writes the formation
    energy (benchmark vacancy_static), the minimum energy path's string and CI-NEB barriers, saddle
    check and harmonic TST prefactor (benchmark vacancy_mep), both paths (CSV) and the relaxed
    vacancy, CI-NEB saddle and divacancy (extxyz). Returns every quantity."""
    import pandas as pd

    from .calculator import LammpsCalculator
    from .results import quantity, write_result
    from .training_data import write_configurations

    s = settings
    symbol, mass, images = s.element, s.mass, s.images
    calculators = []

    def make_calculator():
        calculators.append(LammpsCalculator(pair_file, {symbol: mass}))
        return calculators[-1]

    try:
        calc = make_calculator()
        perfect, initial, final = vacancy_endpoints(a, s.cells, symbol)
        formation = formation_energy(perfect, initial, calc, s.relax_fmax)
        divacancy = divacancy_energies(perfect, formation, calc, a, s.relax_fmax)
        relax(final, calc, s.relax_fmax)
        string, e_string, barrier_string = string_method(initial, final, make_calculator, images, s.path_fmax)
        neb, e_neb = climbing_image_neb(initial, final, make_calculator, images, s.path_fmax)
        barrier_neb = float(e_neb.max() - e_neb[0])
        saddle = neb[int(np.argmax(e_neb))]
        modes = saddle_modes(saddle, initial, calc, s.hessian_step, mass)
    finally:
        for c in calculators:
            c.close()
    pd.concat([pd.DataFrame({"method": "string", "s": path_coordinate(string), "energy": e_string - e_string[0]}),
               pd.DataFrame({"method": "cineb", "s": path_coordinate(neb), "energy": e_neb - e_neb[0]})]
              ).to_csv(out_path_csv, index=False, float_format="%.8g")
    write_configurations(out_structures, {"relaxed vacancy": initial, "CI-NEB saddle": saddle,
                                          "relaxed divacancy": divacancy["relaxed"]})
    static = [quantity("vacancy_formation_energy", formation, "eV"),
              quantity("divacancy_formation_energy", divacancy["formation"], "eV"),
              quantity("divacancy_binding_energy", divacancy["binding"], "eV")]
    mep = [quantity("migration_barrier_string", barrier_string, "eV"),
           quantity("migration_barrier_neb", barrier_neb, "eV")]
    if modes["prefactor_THz"] is None:
        logging.warning("%s: no harmonic TST prefactor: the CI-NEB top image has %d imaginary modes (a "
                        "first-order saddle has 1) and the relaxed vacancy %d (a minimum has 0)", potential,
                        modes["imaginary_modes_saddle"], modes["imaginary_modes_minimum"])
    else:
        mep.append(quantity("tst_prefactor", modes["prefactor_THz"], "THz"))
    write_result(out_static_json, potential, "vacancy_static", static, lattice_constant=a, natoms=len(initial),
                 convention="E_f = E(N-k, relaxed, fixed cell) - (N-k)/N E(N); divacancy binding 2 E_f(1) - E_f(2), "
                            "nearest neighbours")
    write_result(out_mep_json, potential, "vacancy_mep", mep, lattice_constant=a, natoms=len(initial), images=images,
                 saddle_imaginary_modes=modes["imaginary_modes_saddle"],
                 saddle_imaginary_frequency_THz=modes["imaginary_frequency"],
                 minimum_imaginary_modes=modes["imaginary_modes_minimum"])
    return static + mep
