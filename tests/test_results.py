import math

import pandas as pd
import pytest

from solidbench.results import collect_summary, compare_to_reference, quantity, write_result


def test_summary_and_comparison(tmp_path):
    write_result(tmp_path / "a.json", "lj", "lattice", {"lattice_constant": quantity(5.0, "angstrom"),
                                                        "lattice_constant_20K": quantity(5.1, "angstrom", 0.01)})
    write_result(tmp_path / "b.json", "mace-x", "lattice", {"lattice_constant": quantity(5.5, "angstrom"),
                                                            "lattice_constant_20K": quantity(5.12, "angstrom", 0.01)})
    write_result(tmp_path / "c.json", "mace-x", "phonons_0K", {"pdos_overlap_0K": quantity(0.9, "1")})
    summary = collect_summary([tmp_path / n for n in ("a.json", "b.json", "c.json")], tmp_path / "summary.csv")
    assert len(summary) == 5
    table = compare_to_reference(summary, tmp_path / "comparison.csv").set_index("quantity")
    assert list(table.index) == ["lattice_constant", "lattice_constant_20K"]  # MLFF-only rows have no LJ value
    assert table.loc["lattice_constant", "rel_error"] == pytest.approx(0.1)
    assert pd.isna(table.loc["lattice_constant", "lj_within_uncertainty"])
    # |5.12 - 5.10| = 0.02 <= 2 * sqrt(0.01² + 0.01²) = 0.028
    assert bool(table.loc["lattice_constant_20K", "lj_within_uncertainty"]) is True
    assert pd.read_csv(tmp_path / "comparison.csv").shape[0] == 2


def test_units_and_finiteness_are_enforced():
    with pytest.raises(ValueError, match="unit"):
        quantity(1.0, "meV")
    with pytest.raises(ValueError, match="non-finite"):
        quantity(math.nan, "eV")
