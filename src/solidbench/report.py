"""The generalization matrix: headline quantities of every MLFF against LJ, as markdown
(results/summary.md) and as a figure (MLFFs x quantities, coloured by signed relative error)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .io import write_text
from .results import REFERENCE, temperature_label
from .structure import SOLID_THRESHOLD

# (benchmark, quantity) in the order they appear in the table and the figure; each at every
# temperature it was measured at, the static (0 K) value first
HEADLINE = [
    ("training", "force_rmse_test"),
    ("lattice", "isolated_atom_energy"), ("lattice", "cohesive_energy"), ("lattice", "lattice_constant"),
    ("lattice", "lattice_constant_eos"), ("lattice", "bulk_modulus"), ("lattice", "fcc_order"),
    ("phonons_0K", "freq_L_LA"), ("phonons_0K", "freq_L_TA"), ("phonons_0K", "freq_X_LA"), ("phonons_0K", "freq_X_TA"),
    ("phonons_0K", "pdos_overlap"), ("phonons_T", "pdos_mean_freq"), ("phonons_T", "pdos_overlap"),
    ("vacancy_static", "vacancy_formation_energy"), ("vacancy_static", "divacancy_binding_energy"),
    ("vacancy_mep", "migration_barrier_string"),
    ("vacancy_mep", "migration_barrier_neb"), ("vacancy_mep", "tst_prefactor"),
    ("vacancy_md", "arrhenius_activation_energy"), ("vacancy_md", "hop_rate"),
    ("elastic", "elastic_c11"), ("elastic", "elastic_c12"), ("elastic", "elastic_c44"), ("elastic", "cauchy_pressure"),
    ("surfaces", "surface_energy_100"), ("surfaces", "surface_energy_110"), ("surfaces", "surface_energy_111"),
    ("stacking_fault", "stacking_fault_us"), ("stacking_fault", "stacking_fault_isf"),
    ("interstitial", "interstitial_formation_energy"), ("interstitial", "interstitial_closest_pair"),
    ("interstitial", "interstitial_migration_barrier"),
    ("dimer", "dimer_min_distance"), ("dimer", "dimer_min_energy"), ("dimer", "dimer_force_sign_changes"),
]


def _keyed(table: pd.DataFrame) -> pd.DataFrame:
    """The table with a string `T` column, so static rows keep a key (pandas drops NaN group keys)."""
    return table.assign(T=table["temperature"].map(temperature_label))


def row_name(key: tuple[str, str, str]) -> str:
    return key[1] + (f" at {key[2]} K" if key[2] else "")


def _headline_rows(summary: pd.DataFrame) -> list[tuple[str, str, str]]:
    """The (benchmark, quantity, T) of HEADLINE present in the summary, static first, then by T."""
    keys = set(zip(summary["benchmark"], summary["quantity"], summary["temperature"].map(temperature_label)))
    return [key for benchmark, name in HEADLINE
            for key in sorted((k for k in keys if k[:2] == (benchmark, name)), key=lambda k: float(k[2] or -1))]


def signed_relative_errors(comparison: pd.DataFrame) -> pd.DataFrame:
    """(MLFF - LJ) / |LJ| per potential (rows) and (benchmark, quantity, T) (columns); the scale is
    comparison.csv's (LJ's cohesive energy for the isolated atom, whose LJ value is 0)."""
    table = _keyed(comparison)
    table = table.assign(signed=np.sign(table["value"] - table["lj_value"]) * table["rel_error"])
    return table.pivot_table(index="potential", columns=["benchmark", "quantity", "T"], values="signed", sort=False)


def _format(value: float, stderr: float | None = None) -> str:
    if pd.isna(value):
        return "–"
    text = f"{value:.4g}"
    return f"{text} ± {stderr:.2g}" if stderr is not None and pd.notna(stderr) else text


def summary_markdown(summary: pd.DataFrame, comparison: pd.DataFrame) -> str:
    potentials = list(dict.fromkeys(summary["potential"]))
    mlffs = [p for p in potentials if p != REFERENCE]
    values = _keyed(summary).set_index(["potential", "benchmark", "quantity", "T"])
    relative = signed_relative_errors(comparison) if len(comparison) else pd.DataFrame()
    lines = ["# solidbench summary", "",
             "Each machine-learned force field against the Lennard-Jones reference on the same state points; "
             "in brackets the signed relative error against LJ. Every quantity with its standard error: "
             "`summary.csv`; every comparison: `comparison.csv`. T is the MD run's temperature; – marks a "
             "static (0 K) result or a fit across temperatures (the Arrhenius parameters).", "",
             "| benchmark | quantity | T (K) | unit | " + " | ".join(potentials) + " |",
             "|---|---|---|---|" + "---|" * len(potentials)]
    headline = _headline_rows(summary)
    for column in headline:
        cells, unit = [], ""
        for potential in potentials:
            key = (potential, *column)
            if key not in values.index:
                cells.append("–")
                continue
            row = values.loc[key]
            unit = row["unit"]
            cell = _format(row["value"], row["stderr"])
            if potential != REFERENCE and column in relative.columns and pd.notna(relative.loc[potential, column]):
                cell += f" ({100 * relative.loc[potential, column]:+.1f} %)"
            cells.append(cell)
        lines.append(f"| {column[0]} | {column[1]} | {column[2] or '–'} | {unit} | " + " | ".join(cells) + " |")
    lost = summary[(summary["quantity"] == "fcc_order") & (summary["value"] < SOLID_THRESHOLD)]
    lines += ["", "## Crystals that did not stay solid", ""]
    if len(lost):
        lines += [f"- {r.potential}, {r.benchmark}, {r.temperature:g} K: FCC order "
                  f"{r.value:.3g} (< {SOLID_THRESHOLD}); no lattice constant, phonon peaks or hop rate from that run"
                  for r in lost.itertuples()]
    else:
        lines.append("None: every MD run kept its FCC order.")
    if mlffs and len(comparison):
        within = _keyed(comparison).dropna(subset=["lj_within_uncertainty"])
        within = within[pd.MultiIndex.from_frame(within[["benchmark", "quantity", "T"]]).isin(headline)]
        lines += ["", "## Where the MLFF agrees with LJ within its uncertainty", "",
                  "Among the table's quantities that have error bars on both sides (every quantity: "
                  "`lj_within_uncertainty` in `comparison.csv`):", ""]
        for potential in mlffs:
            rows = within[within["potential"] == potential]
            agree = [row_name(key) for key in zip(*rows[rows["lj_within_uncertainty"].astype(bool)]
                                                   [["benchmark", "quantity", "T"]].to_numpy().T)]
            lines.append(f"- {potential}: {len(agree)} of {len(rows)}"
                         + (f" ({', '.join(agree)})" if agree else ""))
    return "\n".join(lines) + "\n"


def write_summary_markdown(summary_csv, comparison_csv, out_md) -> None:
    write_text(out_md, summary_markdown(pd.read_csv(summary_csv), pd.read_csv(comparison_csv)))


def generalization_cells(summary: pd.DataFrame, comparison: pd.DataFrame, clip: float = 0.5) -> dict:
    """What the generalization matrix shows: MLFFs (rows) x headline quantities of LJ (columns), the
    signed relative error in % (NaN where the MLFF has no value: its crystal melted, say), the
    colour value (clipped at +-clip, and 0 where the MLFF agrees with LJ within two combined
    standard errors: noise, not error) and the label (the error, and the combined standard error
    in % of |LJ| where both sides have one)."""
    relative = signed_relative_errors(comparison)
    reference = set(_headline_rows(summary[summary["potential"] == REFERENCE]))
    columns = [key for key in _headline_rows(summary) if key in reference]
    mlffs = [p for p in dict.fromkeys(summary["potential"]) if p != REFERENCE]

    def cells(table: pd.DataFrame) -> np.ndarray:
        return table.reindex(index=mlffs, columns=pd.MultiIndex.from_tuples(columns)).to_numpy(dtype=float)

    keyed = _keyed(comparison)
    combined = np.hypot(keyed["stderr"], keyed["lj_stderr"]) * keyed["rel_error"] / keyed["abs_error"]
    within = keyed["lj_within_uncertainty"].map(lambda v: 1.0 if v in (True, "True") else 0.0 if v in (False, "False")
                                               else np.nan)
    keyed = keyed.assign(rel_stderr=combined.where(keyed["abs_error"] > 0), within=within)
    pivot = {name: keyed.pivot_table(index="potential", columns=["benchmark", "quantity", "T"], values=name,
                                     sort=False) for name in ("rel_stderr", "within")}
    error = cells(relative) * 100
    sigma, agrees = cells(pivot["rel_stderr"]) * 100, cells(pivot["within"]) == 1.0
    labels = np.full(error.shape, "", dtype=object)
    for index in np.ndindex(error.shape):
        if not np.isnan(error[index]):
            labels[index] = f"{error[index]:+.0f}" + (f"\n±{sigma[index]:.0f}" if not np.isnan(sigma[index]) else "")
    return {"columns": columns, "mlffs": mlffs, "error": error, "labels": labels,
            "colour": np.where(agrees, 0.0, np.clip(error, -100 * clip, 100 * clip))}
