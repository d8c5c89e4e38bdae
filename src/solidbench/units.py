"""Unit conversions at the edges. Inside, everything is LAMMPS `units metal`: eV, angstrom, ps, amu, bar."""

from ase import units as _ase

#: 1 bar in eV/angstrom^3
BAR_TO_EV_PER_A3 = 1e5 * _ase.J / _ase.m**3
#: 1 GPa in eV/angstrom^3
GPA_TO_EV_PER_A3 = _ase.GPa
#: Boltzmann constant in eV/K
KB_EV = _ase.kB
