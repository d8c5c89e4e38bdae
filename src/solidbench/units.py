"""Unit conversions at the edges. Inside, everything is LAMMPS `units metal`: eV, angstrom, ps, amu, bar."""

import math

from ase import units as _ase

#: 1 bar in eV/angstrom^3
BAR_TO_EV_PER_A3 = 1e5 * _ase.J / _ase.m**3
#: 1 GPa in eV/angstrom^3
GPA_TO_EV_PER_A3 = _ase.GPa
#: Boltzmann constant in eV/K
KB_EV = _ase.kB
#: sqrt(eV / (angstrom^2 amu)) in THz (the angular frequency over 2 pi): harmonic frequencies from
#: force constants in eV/angstrom^2 and masses in amu
EV_A2_AMU_TO_THZ = math.sqrt(_ase._e / (1e-20 * _ase._amu)) / (2 * math.pi * 1e12)
#: 1 eV/angstrom^2 in J/m^2 (surface and fault energies)
EV_PER_A2_TO_J_PER_M2 = _ase._e / 1e-20
