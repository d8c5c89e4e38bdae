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


def test_summary_markdown_and_matrix(tmp_path):
    from solidbench.report import plot_generalization_matrix, summary_markdown

    write_result(tmp_path / "a.json", "lj", "lattice", {"lattice_constant": quantity(5.0, "angstrom"),
                                                        "lattice_constant_40K": quantity(5.2, "angstrom", 0.01),
                                                        "fcc_order_40K": quantity(0.9, "1")})
    write_result(tmp_path / "b.json", "mace-x", "lattice", {"lattice_constant": quantity(5.5, "angstrom"),
                                                            "fcc_order_40K": quantity(0.01, "1")})
    write_result(tmp_path / "c.json", "mace-y", "lattice", {"lattice_constant": quantity(4.9, "angstrom"),
                                                            "lattice_constant_40K": quantity(5.21, "angstrom", 0.01),
                                                            "fcc_order_40K": quantity(0.88, "1")})
    # a quantity outside the headline table: compared in comparison.csv, not listed in summary.md
    write_result(tmp_path / "d.json", "lj", "phonons_T", {"sed_freq_X_LA_40K": quantity(2.0, "THz", 0.01)})
    write_result(tmp_path / "e.json", "mace-y", "phonons_T", {"sed_freq_X_LA_40K": quantity(2.0, "THz", 0.01)})
    files = [tmp_path / n for n in ("a.json", "b.json", "c.json", "d.json", "e.json")]
    summary = collect_summary(files, tmp_path / "summary.csv")
    comparison = compare_to_reference(summary, tmp_path / "comparison.csv")
    text = summary_markdown(summary, comparison)
    assert "| lattice | lattice_constant | angstrom | 5 | 5.5 (+10.0 %) | 4.9 (-2.0 %) |" in text
    # mace-x's crystal melted at 40 K: no lattice constant, and the melt is listed
    assert "| lattice | lattice_constant_40K | angstrom | 5.2 ± 0.01 | – | 5.21 ± 0.01 (+0.2 %) |" in text
    assert "- mace-x, lattice, 40K: FCC order 0.01" in text
    assert "- mace-y: 1 of 1 (lattice_constant_40K)" in text
    plot_generalization_matrix(tmp_path / "summary.csv", tmp_path / "comparison.csv", tmp_path / "matrix.png")
    assert (tmp_path / "matrix.png").stat().st_size > 0


def test_isolated_atom_error_is_relative_to_the_cohesive_energy(tmp_path):
    """LJ's isolated atom is 0 by construction, so an MLFF's isolated-atom error is measured against
    LJ's cohesive energy: an E0 off by 70 meV against 77 meV of binding is a 91 % error."""
    from solidbench.report import signed_relative_errors

    write_result(tmp_path / "a.json", "lj", "lattice", {"isolated_atom_energy": quantity(0.0, "eV"),
                                                        "cohesive_energy": quantity(0.077, "eV/atom")})
    write_result(tmp_path / "b.json", "mace-x", "lattice", {"isolated_atom_energy": quantity(-0.070, "eV"),
                                                            "cohesive_energy": quantity(0.007, "eV/atom")})
    summary = collect_summary([tmp_path / "a.json", tmp_path / "b.json"], tmp_path / "summary.csv")
    comparison = compare_to_reference(summary, tmp_path / "comparison.csv")
    table = comparison.set_index("quantity")
    assert table.loc["isolated_atom_energy", "rel_error"] == pytest.approx(0.070 / 0.077)
    assert table.loc["cohesive_energy", "rel_error"] == pytest.approx(0.070 / 0.077)
    signed = signed_relative_errors(comparison)
    assert signed.loc["mace-x", ("lattice", "isolated_atom_energy")] == pytest.approx(-0.070 / 0.077)
