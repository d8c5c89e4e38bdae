"""Elastic constants of the cubic crystal at 0 K, and the Cauchy pressure C12 - C44.

For any central pair potential at zero stress the Cauchy relation C12 = C44 holds, so LJ's Cauchy
pressure is zero and an MLFF's is a many-body artefact of the model, on strains its training (a
crystal near its own density, isotropic) never constrained.
"""

from __future__ import annotations

import numpy as np

from .structure import conventional_fcc
from .units import GPA_TO_EV_PER_A3

# the (i, j) of the strain component each difference sets
_STRAIN = {"xx": (0, 0), "yz": (1, 2)}


def strained_stress(atoms, calculator, component: str, strain: float) -> np.ndarray:
    """The 3x3 stress (ASE convention, tension positive, eV/A^3) of `atoms` homogeneously strained
    by `strain` in one component: eps_xx = strain, or the engineering shear gamma_yz = strain."""
    i, j = _STRAIN[component]
    epsilon = np.zeros((3, 3))
    epsilon[i, j] = epsilon[j, i] = strain if i == j else strain / 2
    strained = atoms.copy()
    strained.set_cell(atoms.cell.array @ (np.eye(3) + epsilon), scale_atoms=True)
    strained.calc = calculator
    return strained.get_stress(voigt=False)


def cubic_elastic_constants(calculator, a0: float, symbol: str, cells: int, strain: float) -> dict:
    """C11, C12, C44 and the residual pressure (GPa) of the FCC crystal at lattice constant a0, by
    central differences of the stress in +-strain: C11 = d sigma_xx / d eps_xx, C12 = d sigma_yy /
    d eps_xx, C44 = d sigma_yz / d gamma_yz. No internal relaxation: every atom of a one-atom Bravais
    lattice is an inversion centre, so a homogeneous strain leaves the forces zero. Four stress
    evaluations, exact to O(strain^2) (LJ: within 2e-5 of the Born sum); matcalc's ElasticityCalc
    fits the full tensor by least squares over sets of normal and shear strains through pymatgen,
    which a cubic Bravais crystal does not need (and matcalc is not a dependency here)."""
    atoms = conventional_fcc(a0, symbol).repeat((cells,) * 3)
    atoms.calc = calculator
    pressure = -np.trace(atoms.get_stress(voigt=False)) / 3
    plus, minus = (strained_stress(atoms, calculator, "xx", s) for s in (strain, -strain))
    c11 = (plus[0, 0] - minus[0, 0]) / (2 * strain)
    c12 = (plus[1, 1] - minus[1, 1]) / (2 * strain)
    plus, minus = (strained_stress(atoms, calculator, "yz", s) for s in (strain, -strain))
    c44 = (plus[1, 2] - minus[1, 2]) / (2 * strain)
    return {name: float(value / GPA_TO_EV_PER_A3)
            for name, value in (("c11", c11), ("c12", c12), ("c44", c44), ("pressure", pressure))}


def elastic_benchmark(pair_file, potential: str, lattice_0k_json, settings, out_json) -> list[dict]:
    """The elastic benchmark of one potential at its own 0 K lattice constant (zero stress): C11,
    C12, C44, the Cauchy pressure C12 - C44 and the bulk modulus (C11 + 2 C12) / 3."""
    from .calculator import LammpsCalculator
    from .results import quantity, result_value, write_result

    a0 = result_value(lattice_0k_json, "lattice_constant")
    with LammpsCalculator(pair_file, {settings.element: settings.mass}) as calc:
        c = cubic_elastic_constants(calc, a0, settings.element, settings.cells, settings.strain)
    quantities = [quantity("elastic_c11", c["c11"], "GPa"), quantity("elastic_c12", c["c12"], "GPa"),
                  quantity("elastic_c44", c["c44"], "GPa"), quantity("cauchy_pressure", c["c12"] - c["c44"], "GPa"),
                  quantity("bulk_modulus_elastic", (c["c11"] + 2 * c["c12"]) / 3, "GPa")]
    write_result(out_json, potential, "elastic", quantities, lattice_constant=a0, strain=settings.strain,
                 atoms=4 * settings.cells**3, residual_pressure_gpa=c["pressure"],
                 method="central differences of the stress in +-strain, no internal relaxation (inversion centres)")
    return quantities
