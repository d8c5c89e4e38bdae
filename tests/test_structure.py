import numpy as np
import pytest

from solidbench.structure import conventional_fcc
from solidbench.dump import read_dump
from solidbench.structure import SOLID_THRESHOLD, fcc_order


def test_perfect_vibrating_and_random():
    crystal = conventional_fcc(5.3).repeat((3, 3, 3))
    cell = crystal.cell.array
    assert fcc_order(crystal.get_positions(), cell, 3) == pytest.approx(1.0)
    rng = np.random.default_rng(0)
    sigma = 0.15  # angstrom per component
    vibrating = crystal.get_positions() + rng.normal(0, sigma, size=(len(crystal), 3))
    g2 = 3 * (2 * np.pi / 5.3) ** 2
    # Debye-Waller: S = exp(-G² σ²), up to 1/N sampling noise
    assert fcc_order(vibrating, cell, 3) == pytest.approx(np.exp(-g2 * sigma**2), abs=0.05)
    gas = rng.uniform(0, 1, size=(len(crystal), 3)) @ cell
    assert fcc_order(gas, cell, 3) < 0.05 < SOLID_THRESHOLD


def test_follows_a_strained_triclinic_box():
    crystal = conventional_fcc(5.3).repeat((2, 2, 2))
    crystal.set_cell(crystal.cell.array @ np.array([[1.02, 0.03, 0], [0, 0.99, 0], [0, 0, 1.01]]), scale_atoms=True)
    assert fcc_order(crystal.get_positions(), crystal.cell.array, 2) == pytest.approx(1.0)


def test_reads_a_triclinic_lammps_dump(tmp_path):
    """LAMMPS writes triclinic bounds as the bounding box plus the tilts xy, xz, yz (here -0.5, 0, 1)
    of a box with lx = ly = 10, lz = 12; the cell must come back exact."""
    dump = tmp_path / "final.dump"
    dump.write_text("""ITEM: TIMESTEP
0
ITEM: NUMBER OF ATOMS
2
ITEM: BOX BOUNDS xy xz yz pp pp pp
-0.5 10.0 -0.5
0.0 11.0 0.0
0.0 12.0 1.0
ITEM: ATOMS id x y z
2 1.0 2.0 3.0
1 0.5 0.5 0.5
""")
    frame = read_dump(dump)[0]
    np.testing.assert_allclose(frame.cell, [[10.0, 0, 0], [-0.5, 10.0, 0], [0.0, 1.0, 12.0]])
    np.testing.assert_allclose(frame.positions, [[0.5, 0.5, 0.5], [1.0, 2.0, 3.0]])
