"""The generalization matrix: headline quantities of every MLFF against LJ, as markdown
(results/summary.md) and as a figure (MLFFs x quantities, coloured by signed relative error)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .io import write_text
from .structure import SOLID_THRESHOLD

# (benchmark, quantity regex) in the order they appear in the table and the figure
HEADLINE = [
    ("training", r"force_rmse_test"),
    ("lattice", r"isolated_atom_energy"), ("lattice", r"cohesive_energy"), ("lattice", r"lattice_constant"),
    ("lattice", r"lattice_constant_eos"), ("lattice", r"bulk_modulus"), ("lattice", r"lattice_constant_\d.*K"),
    ("lattice", r"fcc_order_.+K"),
    ("phonons_0K", r"freq_[XL]_[TL]A"), ("phonons_0K", r"pdos_overlap_0K"),
    ("phonons_T", r"pdos_mean_freq_.+K"), ("phonons_T", r"pdos_overlap_.+K"),
    ("vacancy_static", r"vacancy_formation_energy"), ("vacancy_mep", r"migration_barrier_(string|neb)"),
    ("vacancy_mep", r"tst_prefactor"),
    ("vacancy_md", r"arrhenius_activation_energy"), ("vacancy_md", r"hop_rate_.+K"),
]


def _by_name_then_temperature(key: tuple[str, str]) -> tuple[str, float]:
    match = re.search(r"_([0-9.]+)K$", key[1])
    return (key[1][:match.start()], float(match.group(1))) if match else (key[1], 0.0)


def _headline_rows(summary: pd.DataFrame) -> list[tuple[str, str]]:
    """The (benchmark, quantity) pairs of HEADLINE present in the summary, temperatures in order."""
    keys = list(dict.fromkeys(zip(summary["benchmark"], summary["quantity"])))
    rows = []
    for benchmark, pattern in HEADLINE:
        rows += sorted((k for k in keys if k[0] == benchmark and re.fullmatch(pattern, k[1])),
                       key=_by_name_then_temperature)
    return rows


def signed_relative_errors(comparison: pd.DataFrame) -> pd.DataFrame:
    """(MLFF - LJ) / |LJ| per potential (rows) and (benchmark, quantity) (columns); the scale is
    comparison.csv's (LJ's cohesive energy for the isolated atom, whose LJ value is 0)."""
    table = comparison.assign(signed=np.sign(comparison["value"] - comparison["lj_value"]) * comparison["rel_error"])
    return table.pivot_table(index="potential", columns=["benchmark", "quantity"], values="signed", sort=False)


def _format(value: float, stderr: float | None = None) -> str:
    if pd.isna(value):
        return "–"
    text = f"{value:.4g}"
    return f"{text} ± {stderr:.2g}" if stderr is not None and pd.notna(stderr) else text


def summary_markdown(summary: pd.DataFrame, comparison: pd.DataFrame) -> str:
    potentials = list(dict.fromkeys(summary["potential"]))
    mlffs = [p for p in potentials if p != "lj"]
    values = summary.set_index(["potential", "benchmark", "quantity"])
    relative = signed_relative_errors(comparison) if len(comparison) else pd.DataFrame()
    lines = ["# solidbench summary", "",
             "Each machine-learned force field against the Lennard-Jones reference on the same state points; "
             "in brackets the signed relative error against LJ. Every quantity with its standard error: "
             "`summary.csv`; every comparison: `comparison.csv`.", "",
             "| benchmark | quantity | unit | " + " | ".join(potentials) + " |",
             "|---|---|---|" + "---|" * len(potentials)]
    headline = _headline_rows(summary)
    for benchmark, name in headline:
        cells, unit = [], ""
        for potential in potentials:
            key = (potential, benchmark, name)
            if key not in values.index:
                cells.append("–")
                continue
            row = values.loc[key]
            unit = row["unit"]
            cell = _format(row["value"], row["stderr"])
            if potential != "lj" and (benchmark, name) in relative.columns and pd.notna(relative.loc[potential, (benchmark, name)]):
                cell += f" ({100 * relative.loc[potential, (benchmark, name)]:+.1f} %)"
            cells.append(cell)
        lines.append(f"| {benchmark} | {name} | {unit} | " + " | ".join(cells) + " |")
    lost = summary[summary["quantity"].str.startswith("fcc_order_") & (summary["value"] < SOLID_THRESHOLD)]
    lines += ["", "## Crystals that did not stay solid", ""]
    if len(lost):
        lines += [f"- {r.potential}, {r.benchmark}, {r.quantity.removeprefix('fcc_order_')}: FCC order "
                  f"{r.value:.3g} (< {SOLID_THRESHOLD}); no lattice constant, phonon peaks or hop rate from that run"
                  for r in lost.itertuples()]
    else:
        lines.append("None: every MD run kept its FCC order.")
    if mlffs and len(comparison):
        within = comparison.dropna(subset=["lj_within_uncertainty"])
        within = within[pd.MultiIndex.from_frame(within[["benchmark", "quantity"]]).isin(headline)]
        lines += ["", "## Where the MLFF agrees with LJ within its uncertainty", "",
                  "Among the table's quantities that have error bars on both sides (every quantity: "
                  "`lj_within_uncertainty` in `comparison.csv`):", ""]
        for potential in mlffs:
            rows = within[within["potential"] == potential]
            agree = rows[rows["lj_within_uncertainty"].astype(bool)]["quantity"].tolist()
            lines.append(f"- {potential}: {len(agree)} of {len(rows)}"
                         + (f" ({', '.join(agree)})" if agree else ""))
    return "\n".join(lines) + "\n"


def write_summary_markdown(summary_csv, comparison_csv, out_md) -> None:
    write_text(out_md, summary_markdown(pd.read_csv(summary_csv), pd.read_csv(comparison_csv)))


def plot_generalization_matrix(summary_csv, comparison_csv, out_png, clip: float = 0.5) -> None:
    """MLFFs (rows) x headline quantities (columns), coloured by signed relative error against LJ,
    clipped at +-clip; cells with no value (a crystal that melted, say) are grey."""
    from .plots import save_figure  # first: it sets the Agg backend

    import matplotlib.pyplot as plt
    import seaborn as sns

    summary, comparison = pd.read_csv(summary_csv), pd.read_csv(comparison_csv)
    relative = signed_relative_errors(comparison)
    # every headline quantity LJ has: an MLFF without it (its crystal melted, say) gets a grey cell
    reference = set(zip(*summary[summary["potential"] == "lj"][["benchmark", "quantity"]].to_numpy().T))
    columns = [key for key in _headline_rows(summary) if key in reference]
    mlffs = [p for p in dict.fromkeys(summary["potential"]) if p != "lj"]
    matrix = relative.reindex(index=mlffs, columns=pd.MultiIndex.from_tuples(columns))
    data = matrix.to_numpy(dtype=float) * 100
    labels = np.where(np.isnan(data), "", np.vectorize(lambda v: f"{v:+.0f}")(np.nan_to_num(data)))
    sns.set_theme(style="white", context="paper")
    fig, ax = plt.subplots(figsize=(2.0 + 0.4 * len(columns), 2.4 + 0.4 * len(mlffs)))
    sns.heatmap(np.clip(data, -100 * clip, 100 * clip), ax=ax, cmap="RdBu_r", center=0, vmin=-100 * clip,
                vmax=100 * clip, annot=labels, fmt="", annot_kws={"fontsize": 6}, linewidths=0.5,
                linecolor="white", cbar_kws={"label": "relative error vs LJ (%)", "shrink": 0.8},
                xticklabels=[quantity for _, quantity in columns], yticklabels=mlffs)
    ax.set_facecolor("0.85")
    ax.set(xlabel="", ylabel="", title=f"MLFF against LJ: (MLFF − LJ)/|LJ|, colours clipped at ±{100 * clip:.0f} %")
    ax.tick_params(axis="x", labelrotation=90, labelsize=7)
    ax.tick_params(axis="y", labelrotation=0)
    save_figure(fig, out_png)
