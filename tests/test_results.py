import math

import numpy as np
import pandas as pd
import pytest

from conftest import assert_is_figure
from solidbench.results import collect_summary, compare_to_reference, quantity, result_value, write_result


def lattice_constants(a_static, a_20=None, a_40=None):
    """A lattice result: the static lattice constant and NPT ones at 20 and 40 K (stderr 0.01)."""
    rows = [quantity("lattice_constant", a_static, "angstrom")]
    rows += [quantity("lattice_constant", a, "angstrom", 0.01, temperature=t) for t, a in ((20, a_20), (40, a_40))
             if a is not None]
    return rows


def test_summary_and_comparison(tmp_path):
    write_result(tmp_path / "a.json", "lj", "lattice", lattice_constants(5.0, 5.1, 5.2))
    write_result(tmp_path / "b.json", "mace-x", "lattice", lattice_constants(5.5, 5.12, 5.3))
    write_result(tmp_path / "c.json", "mace-x", "phonons_0K", [quantity("pdos_overlap", 0.9, "1")])
    summary = collect_summary([tmp_path / n for n in ("a.json", "b.json", "c.json")], tmp_path / "summary.csv")
    assert len(summary) == 7
    written = pd.read_csv(tmp_path / "summary.csv")
    assert list(written.columns[:4]) == ["potential", "benchmark", "quantity", "temperature"]
    assert set(written["quantity"]) == {"lattice_constant", "pdos_overlap"}
    assert written["temperature"].isna().sum() == 3 and sorted(written["temperature"].dropna()) == [20, 20, 40, 40]
    table = compare_to_reference(summary, tmp_path / "comparison.csv")
    assert len(table) == 3  # MLFF-only rows have no LJ value
    table = table.set_index(table["temperature"].fillna(0))
    assert table.loc[0, "rel_error"] == pytest.approx(0.1)
    assert pd.isna(table.loc[0, "lj_within_uncertainty"])
    # each temperature against LJ's at the same temperature: |5.12 - 5.10| = 0.02 <= 2 sqrt(0.01² + 0.01²)
    assert table.loc[20, "rel_error"] == pytest.approx(0.02 / 5.1)
    assert bool(table.loc[20, "lj_within_uncertainty"]) is True
    assert bool(table.loc[40, "lj_within_uncertainty"]) is False  # 0.1 > 0.028
    assert pd.read_csv(tmp_path / "comparison.csv").shape[0] == 3


def test_a_result_names_each_quantity_once_per_temperature(tmp_path):
    with pytest.raises(ValueError, match="twice"):
        write_result(tmp_path / "a.json", "lj", "lattice", [quantity("lattice_constant", 5.1, "angstrom", 0.01, 20),
                                                            quantity("lattice_constant", 5.2, "angstrom", 0.01, 20)])
    write_result(tmp_path / "a.json", "lj", "lattice", lattice_constants(5.0, 5.1))
    assert result_value(tmp_path / "a.json", "lattice_constant", 20) == 5.1
    assert result_value(tmp_path / "a.json", "lattice_constant") == 5.0
    with pytest.raises(KeyError, match=r"a\.json.*'lattice_constant' at 60 K"):
        result_value(tmp_path / "a.json", "lattice_constant", 60)


def test_units_and_finiteness_are_enforced():
    with pytest.raises(ValueError, match="unit"):
        quantity("x", 1.0, "meV")
    with pytest.raises(ValueError, match="non-finite"):
        quantity("x", math.nan, "eV")


def test_summary_markdown_and_matrix(tmp_path):
    from solidbench.plots import plot_generalization_matrix
    from solidbench.report import generalization_cells, summary_markdown

    def order(value):
        return quantity("fcc_order", value, "1", temperature=40)

    write_result(tmp_path / "a.json", "lj", "lattice", [*lattice_constants(5.0, a_40=5.2), order(0.9)])
    write_result(tmp_path / "b.json", "mace-x", "lattice", [*lattice_constants(5.5), order(0.01)])
    write_result(tmp_path / "c.json", "mace-y", "lattice", [*lattice_constants(4.9, a_40=5.21), order(0.88)])
    # a quantity outside the headline table: compared in comparison.csv, not listed in summary.md
    write_result(tmp_path / "d.json", "lj", "phonons_T", [quantity("sed_freq_X_LA", 2.0, "THz", 0.01, 40)])
    write_result(tmp_path / "e.json", "mace-y", "phonons_T", [quantity("sed_freq_X_LA", 2.0, "THz", 0.01, 40)])
    files = [tmp_path / n for n in ("a.json", "b.json", "c.json", "d.json", "e.json")]
    summary = collect_summary(files, tmp_path / "summary.csv")
    comparison = compare_to_reference(summary, tmp_path / "comparison.csv")
    text = summary_markdown(summary, comparison)
    assert "| lattice | lattice_constant | – | angstrom | 5 | 5.5 (+10.0 %) | 4.9 (-2.0 %) |" in text
    # mace-x's crystal melted at 40 K: no lattice constant, and the melt is listed
    assert "| lattice | lattice_constant | 40 | angstrom | 5.2 ± 0.01 | – | 5.21 ± 0.01 (+0.2 %) |" in text
    assert "- mace-x, lattice, 40 K: FCC order 0.01" in text
    assert "- mace-y: 1 of 1 (lattice_constant at 40 K)" in text
    assert "sed_freq" not in text
    matrix = generalization_cells(summary, comparison)
    assert matrix["mlffs"] == ["mace-x", "mace-y"]
    static, at_40 = (matrix["columns"].index(("lattice", "lattice_constant", T)) for T in ("", "40"))
    # mace-x melted at 40 K: no value, a grey cell
    assert np.isnan(matrix["error"][0, at_40]) and matrix["labels"][0, at_40] == ""
    # mace-y's static a0 is 2 % low, with no error bar: coloured and labelled as such
    assert matrix["labels"][1, static] == "-2" and matrix["colour"][1, static] == pytest.approx(-2.0)
    # its 40 K value is 0.19 % off with a combined error of 0.27 %: printed with its +-, coloured as no error
    assert matrix["labels"][1, at_40] == "+0\n±0" and matrix["colour"][1, at_40] == 0.0
    plot_generalization_matrix(tmp_path / "summary.csv", tmp_path / "comparison.csv", tmp_path / "matrix.png")
    assert_is_figure(tmp_path / "matrix.png")


def test_isolated_atom_error_is_relative_to_the_cohesive_energy(tmp_path):
    """LJ's isolated atom is 0 by construction, so an MLFF's isolated-atom error is measured against
    LJ's cohesive energy: an E0 off by 70 meV against 77 meV of binding is a 91 % error."""
    from solidbench.report import signed_relative_errors

    write_result(tmp_path / "a.json", "lj", "lattice", [quantity("isolated_atom_energy", 0.0, "eV"),
                                                        quantity("cohesive_energy", 0.077, "eV/atom")])
    write_result(tmp_path / "b.json", "mace-x", "lattice", [quantity("isolated_atom_energy", -0.070, "eV"),
                                                            quantity("cohesive_energy", 0.007, "eV/atom")])
    summary = collect_summary([tmp_path / "a.json", tmp_path / "b.json"], tmp_path / "summary.csv")
    comparison = compare_to_reference(summary, tmp_path / "comparison.csv")
    table = comparison.set_index("quantity")
    assert table.loc["isolated_atom_energy", "rel_error"] == pytest.approx(0.070 / 0.077)
    assert table.loc["cohesive_energy", "rel_error"] == pytest.approx(0.070 / 0.077)
    signed = signed_relative_errors(comparison)
    assert signed.loc["mace-x", ("lattice", "isolated_atom_energy", "")] == pytest.approx(-0.070 / 0.077)
