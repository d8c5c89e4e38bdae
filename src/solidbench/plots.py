"""Figures drawn from the benchmark data files (never from in-memory results)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from .io import read_json  # noqa: E402
from .results import REFERENCE, find_quantity  # noqa: E402
from .units import KB_EV  # noqa: E402
from .vacancy import tst_hop_rate  # noqa: E402

LABELS = {"G": "Γ"}


def potential_colors(potentials) -> dict:
    """Set the figure style and give each potential its colour (colour-blind safe, same in every figure)."""
    sns.set_theme(style="ticks", context="paper")
    return dict(zip(potentials, sns.color_palette("colorblind", len(potentials))))


def save_figure(fig, path, dpi: int = 150) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)


def plot_phonons_0k(potentials: list[str], dispersion_csvs, dos_csvs, result_jsons, out_png) -> None:
    """Overlaid dispersion (Γ-X-W-K-Γ-L) and DOS of every potential."""
    colors = potential_colors(potentials)
    fig, (ax_band, ax_dos) = plt.subplots(1, 2, figsize=(9, 4), gridspec_kw={"width_ratios": [3, 1]}, sharey=True)
    for potential, band_csv, dos_csv, result in zip(potentials, dispersion_csvs, dos_csvs, result_jsons):
        band, dos = pd.read_csv(band_csv), pd.read_csv(dos_csv)
        style = "-" if potential == REFERENCE else "--"
        for k, branch in enumerate(c for c in band.columns if c.startswith("branch_")):
            ax_band.plot(band["distance"], band[branch], style, color=colors[potential], lw=1.2,
                         label=potential if k == 0 else None)
        ax_dos.plot(dos["dos"], dos["frequency"], style, color=colors[potential], lw=1.2)
        meta = read_json(result)
    for tick in meta["ticks"]:
        ax_band.axvline(tick, color="0.8", lw=0.6)
    ax_band.set_xticks(meta["ticks"], [LABELS.get(label, label) for label in meta["labels"]])
    ax_band.set(xlim=(meta["ticks"][0], meta["ticks"][-1]), ylim=(0, None), ylabel="frequency (THz)",
                title="0 K phonon dispersion")
    ax_band.legend(frameon=False)
    ax_dos.set(xlabel="DOS (1/THz)", title="phonon DOS")
    save_figure(fig, out_png)


def plot_pdos_temperatures(potentials, temperatures, dos_0k_csvs, dos_csvs, out_png) -> None:
    """One panel per temperature: the VACF PDOS of every potential over LJ's 0 K DOS.
    `dos_csvs` is ordered temperature-major, potential-minor (Snakemake's expand order)."""
    colors = potential_colors(potentials)
    fig, axes = plt.subplots(1, len(temperatures), figsize=(3.2 * len(temperatures), 3.2), sharey=True,
                             squeeze=False)
    lj_0k = pd.read_csv(dos_0k_csvs[potentials.index(REFERENCE)])
    for t_index, (temperature, ax) in enumerate(zip(temperatures, axes[0])):
        ax.plot(lj_0k["frequency"], lj_0k["dos"], color="0.7", lw=0.8, label="lj 0 K (phonopy)")
        for p_index, potential in enumerate(potentials):
            dos = pd.read_csv(dos_csvs[t_index * len(potentials) + p_index])
            ax.plot(dos["frequency"], dos["dos"], "-" if potential == REFERENCE else "--", color=colors[potential],
                    lw=1.2, label=potential)
        ax.set(xlim=(0, 3), xlabel="frequency (THz)", title=f"{temperature} K")
    axes[0][0].set_ylabel("PDOS (1/THz)")
    axes[0][0].legend(frameon=False, fontsize=7)
    save_figure(fig, out_png)


def plot_sed(potentials, temperature, peak_csvs, spectra_csvs, out_png) -> None:
    """SED maps (log power over q along Γ-X and Γ-L, both polarisations summed) with the fitted
    peaks, one row per potential, and the lifetimes against frequency of every potential."""
    colors = potential_colors(potentials)
    fig, axes = plt.subplots(len(potentials), 3, figsize=(11, 3.2 * len(potentials)), squeeze=False,
                             gridspec_kw={"width_ratios": [2, 1, 1.4]})
    for row, (potential, peaks_csv, spectra_csv) in enumerate(zip(potentials, peak_csvs, spectra_csvs)):
        peaks, spectra = pd.read_csv(peaks_csv), pd.read_csv(spectra_csv)
        for col, direction, label in ((0, 100, "Γ→X [100]"), (1, 111, "Γ→L [111]")):
            ax = axes[row][col]
            if spectra.empty:
                ax.text(0.5, 0.5, f"{potential}: no crystal at {temperature} K", ha="center", transform=ax.transAxes)
                continue
            sub = spectra[spectra["direction"] == direction].groupby(["q", "frequency"])["power"].sum().unstack(0)
            ax.pcolormesh(sub.columns.to_numpy(), sub.index.to_numpy(), np.log10(sub.to_numpy() + 1e-12),
                          shading="nearest", cmap="magma")
            fitted = peaks[peaks["direction"] == direction]
            for branch, marker in (("L", "o"), ("T", "s")):
                b = fitted[fitted["branch"] == branch]
                ax.errorbar(b["q"], b["frequency"], yerr=b["fwhm"] / 2, fmt=marker, color="c", ms=4, lw=1,
                            label=f"{branch}A peak ± FWHM/2" if col == 0 else None)
            ax.set(ylim=(0, 2.5), xlabel="|q| (2π/a)", title=f"{potential}, {temperature} K: {label}")
            if col == 0:
                ax.set_ylabel("frequency (THz)")
                ax.legend(frameon=False, fontsize=7, labelcolor="w")
        lifetimes = axes[row][2]
        for other, csv in zip(potentials, peak_csvs):
            p = pd.read_csv(csv)
            lifetimes.errorbar(p["frequency"], p["lifetime_ps"], yerr=p["lifetime_err_ps"], fmt="o", ms=3,
                               color=colors[other], label=other)
        lifetimes.set(xlabel="frequency (THz)", ylabel="lifetime 1/(2π FWHM) (ps)", title="phonon lifetimes")
        lifetimes.legend(frameon=False, fontsize=7)
    save_figure(fig, out_png, dpi=130)


def plot_equation_of_state(potentials, curve_csvs, result_jsons, out_png) -> None:
    """E(V) of the perfect crystal, per atom from each potential's own isolated atom: the computed
    points and the fitted equation of state, with B0 in the legend."""
    import ase.eos

    from .units import GPA_TO_EV_PER_A3

    colors = potential_colors(potentials)
    fig, ax = plt.subplots(figsize=(5, 3.6))
    for potential, csv, path in zip(potentials, curve_csvs, result_jsons):
        curve, result = pd.read_csv(csv), read_json(path)
        b0 = find_quantity(result["quantities"], "bulk_modulus")["value"]
        wide = result["fits"]["wide"]  # the curve over the whole window; B0 in the legend is the narrow fit's
        volumes = np.linspace(curve["volume"].min(), curve["volume"].max(), 200)
        fitted = getattr(ase.eos, result["form"])(volumes, wide["energy"], wide["bulk_modulus_gpa"] * GPA_TO_EV_PER_A3,
                                                  wide["bulk_modulus_derivative"], wide["volume"])
        ax.plot(curve["volume"], curve["energy"] * 1e3, "o", ms=3, color=colors[potential])
        ax.plot(volumes, fitted * 1e3, "-" if potential == REFERENCE else "--", color=colors[potential],
                label=f"{potential}: B0 = {b0:.2f} GPa")
    ax.set(xlabel="volume (Å³/atom)", ylabel="E − E(isolated atom) (meV/atom)",
           title=f"0 K equation of state ({read_json(result_jsons[0])['form']})")
    ax.legend(frameon=False, fontsize=7)
    save_figure(fig, out_png)


def plot_dimer(potentials, curve_csvs, out_png) -> None:
    """E(r) of the isolated pair, each potential from its own isolated atoms."""
    colors = potential_colors(potentials)
    curves = [pd.read_csv(csv) for csv in curve_csvs]
    fig, ax = plt.subplots(figsize=(5, 3.6))
    for potential, curve in zip(potentials, curves):
        ax.plot(curve["distance"], curve["energy"] * 1e3, "-" if potential == REFERENCE else "--",
                color=colors[potential], label=potential)
    lowest = min(curve["energy"].min() for curve in curves) * 1e3
    ax.set(xlabel="pair distance (Å)", ylabel="E − 2 E(isolated atom) (meV)", ylim=(1.3 * lowest, -0.8 * lowest),
           title="the isolated pair")
    ax.axhline(0.0, color="0.7", lw=0.6)
    ax.legend(frameon=False, fontsize=7)
    save_figure(fig, out_png)


def plot_gsf(potentials, curve_csvs, out_png) -> None:
    """The (111) generalized stacking fault curve along [11-2], relaxed (lines) and unrelaxed (dots)."""
    colors = potential_colors(potentials)
    fig, ax = plt.subplots(figsize=(5, 3.6))
    for potential, csv in zip(potentials, curve_csvs):
        curve = pd.read_csv(csv)
        ax.plot(curve["u"], curve["relaxed"] * 1e3, "-" if potential == REFERENCE else "--", color=colors[potential],
                label=f"{potential} relaxed")
        ax.plot(curve["u"], curve["unrelaxed"] * 1e3, "o", ms=3, color=colors[potential], label=f"{potential} unrelaxed")
    ax.set(xlabel="shift along [11̄2] (partial Burgers vectors a/√6)", ylabel="γ (mJ/m²)",
           title="(111) generalized stacking fault")
    ax.axhline(0.0, color="0.7", lw=0.6)
    ax.legend(frameon=False, fontsize=7)
    save_figure(fig, out_png)


def plot_migration_path(potentials, path_csvs, out_png) -> None:
    colors = potential_colors(potentials)
    fig, ax = plt.subplots(figsize=(5, 3.6))
    for potential, csv in zip(potentials, path_csvs):
        path = pd.read_csv(csv)
        string, neb = path[path["method"] == "string"], path[path["method"] == "cineb"]
        ax.plot(string["s"], string["energy"] * 1e3, "-" if potential == REFERENCE else "--", color=colors[potential],
                label=f"{potential} string")
        ax.plot(neb["s"], neb["energy"] * 1e3, "o", ms=4, color=colors[potential], label=f"{potential} CI-NEB")
    ax.set(xlabel="path coordinate", ylabel="energy (meV)", title="vacancy migration")
    ax.legend(frameon=False, fontsize=7)
    save_figure(fig, out_png)


def plot_arrhenius(potentials, md_jsons, out_png) -> None:
    """Hop rates from MD (Poisson error bars), their Arrhenius fits, and the harmonic TST rates."""
    colors = potential_colors(potentials)
    fig, ax = plt.subplots(figsize=(5, 3.6))
    for potential, path in zip(potentials, md_jsons):
        result = read_json(path)
        q = {(r["name"], r["temperature"]): r for r in result["quantities"]}
        temps = np.array(result["temperatures"], dtype=float)
        inverse = np.linspace(1000 / temps.max() - 0.3, 1000 / temps.min() + 0.3, 50)
        rates = [q[key] for t in temps if (key := ("hop_rate", t)) in q and q[key]["value"] > 0]
        ax.errorbar([1000 / r["temperature"] for r in rates], [r["value"] for r in rates],
                    yerr=[r["stderr"] for r in rates], fmt="o", ms=4, capsize=2, color=colors[potential],
                    label=f"{potential} MD")
        if ("arrhenius_activation_energy", None) in q:
            ea, nu = q["arrhenius_activation_energy", None], q["arrhenius_prefactor", None]
            ax.plot(inverse, nu["value"] * np.exp(-ea["value"] / (KB_EV * 1000 / inverse)), "-", color=colors[potential],
                    label=f"{potential} fit: {1e3 * ea['value']:.0f}±{1e3 * ea['stderr']:.0f} meV")
        if result["tst_prefactor_THz"] is not None:
            tst = tst_hop_rate(result["tst_prefactor_THz"], result["migration_barrier_neb"], 1000 / inverse)
            ax.plot(inverse, tst, ":", color=colors[potential],
                    label=f"{potential} TST: {1e3 * result['migration_barrier_neb']:.0f} meV")
    ax.set_yscale("log")
    ax.set(xlabel="1000 / T (1/K)", ylabel="vacancy hop rate (1/ps)", title="vacancy hops")
    ax.legend(frameon=False, fontsize=7)
    save_figure(fig, out_png)


def plot_parity(parity_csv, potential: str, out_png) -> None:
    """Predicted against reference energies and force components on the held-out frames."""
    table = pd.read_csv(parity_csv)
    potential_colors([potential])
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.8))
    for ax, kind, label, unit in ((axes[0], "energy_per_atom", "energy", "meV/atom"),
                                  (axes[1], "force_component", "force component", "meV/Å")):
        rows = table[table["kind"] == kind]
        ref, pred = rows["reference"].to_numpy() * 1e3, rows["predicted"].to_numpy() * 1e3
        ax.scatter(ref, pred, s=4, alpha=0.4, edgecolor="none")
        lo, hi = min(ref.min(), pred.min()), max(ref.max(), pred.max())
        ax.plot([lo, hi], [lo, hi], color="k", lw=0.8)
        rmse = np.sqrt(np.mean((pred - ref) ** 2))
        ax.set(xlabel=f"LJ {label} ({unit})", ylabel=f"{potential} {label} ({unit})", title=f"RMSE {rmse:.3g} {unit}")
    fig.suptitle(f"{potential}: held-out test frames")
    save_figure(fig, out_png)


def plot_generalization_matrix(summary_csv, comparison_csv, out_png, clip: float = 0.5) -> None:
    """The generalization matrix (report.generalization_cells) as a heatmap; grey cells have no value."""
    from .report import generalization_cells, row_name

    matrix = generalization_cells(pd.read_csv(summary_csv), pd.read_csv(comparison_csv), clip)
    columns, mlffs = matrix["columns"], matrix["mlffs"]
    sns.set_theme(style="white", context="paper")
    fig, ax = plt.subplots(figsize=(2.0 + 0.45 * len(columns), 2.6 + 0.45 * len(mlffs)))
    sns.heatmap(matrix["colour"], ax=ax, cmap="RdBu_r", center=0, vmin=-100 * clip, vmax=100 * clip,
                annot=matrix["labels"], fmt="", annot_kws={"fontsize": 5.5}, linewidths=0.5, linecolor="white",
                cbar_kws={"label": "relative error vs LJ (%)", "shrink": 0.8},
                xticklabels=[row_name(key) for key in columns], yticklabels=mlffs)
    ax.set_facecolor("0.85")
    ax.set(xlabel="", ylabel="", title=f"MLFF against LJ: (MLFF − LJ)/|LJ| in %, colours clipped at ±{100 * clip:.0f} %;\n"
                                       "white with a number: within two combined standard errors (±: one)")
    ax.tick_params(axis="x", labelrotation=90, labelsize=7)
    ax.tick_params(axis="y", labelrotation=0)
    save_figure(fig, out_png)


def plot_error_vs_novelty(rows_csv, out_png) -> None:
    """One panel per model: |relative error against LJ| of each 0 K row against the novelty of its
    configurations (rows of novelty.row_novelty with a `potential` column); filled markers where the
    MLFF is above LJ, open below. Both axes logarithmic: novelty runs from the crystal's ~0.02 to a
    collapsed interstitial's ~80, and a linear axis crowds every row below 1 into one column. Only rows
    beyond the 10 % line are named (the rest crowd each other out); the CSV names them all."""
    from scipy.stats import spearmanr

    rows = pd.read_csv(rows_csv)
    potentials = list(dict.fromkeys(rows["potential"]))
    benchmarks = list(dict.fromkeys(rows["benchmark"]))
    colors = dict(zip(benchmarks, sns.color_palette("colorblind", len(benchmarks))))
    sns.set_theme(style="ticks", context="paper")
    columns = min(len(potentials), 2)
    lines = -(-len(potentials) // columns)
    fig, axes = plt.subplots(lines, columns, figsize=(6.5 * columns, 4.6 * lines), sharex=True, sharey=True,
                             squeeze=False)
    floor = 1e-4  # rows closer than 0.01 % to LJ are drawn on the floor
    named_above = 10  # %
    novelty_floor = 1e-3  # a configuration of the training set itself (novelty 0) is drawn on this floor
    for ax, potential in zip(axes.flat, potentials):
        mine = rows[rows["potential"] == potential]
        rho = spearmanr(mine["novelty"], mine["signed_rel_error"].abs()).statistic if len(mine) > 2 else np.nan
        for r in mine.itertuples(index=False):
            error = 100 * max(abs(r.signed_rel_error), floor)
            novelty = max(r.novelty, novelty_floor)
            ax.scatter(novelty, error, s=26, color=colors[r.benchmark], zorder=3,
                       facecolors=colors[r.benchmark] if r.signed_rel_error >= 0 else "none")
            if error >= named_above:
                ax.annotate(r.quantity.replace("interstitial_formation_", "E_f ").replace("_", " "),
                            (novelty, error), fontsize=5, xytext=(3, 2), textcoords="offset points", color="0.3")
        ax.set(xscale="log", yscale="log")
        ax.axhline(named_above, color="0.6", lw=0.6, ls=":")
        ax.set(title=f"{potential}: Spearman ρ = {rho:.2f} over {len(mine)} rows (filled: above LJ, open: below)",
               ylabel="|MLFF − LJ| / |LJ| (%)",
               xlabel="novelty: largest distance to the nearest training atom (training spreads)")
    for ax in list(axes.flat)[len(potentials):]:
        ax.set_visible(False)
    for benchmark, color in colors.items():
        axes.flat[0].scatter([], [], color=color, label=benchmark)
    axes.flat[0].legend(frameon=False, fontsize=6, ncol=2)
    save_figure(fig, out_png)


def plot_selection_curve(curve_csv, out_png) -> None:
    """|relative error against LJ| of each 0 K benchmark's worst headline row (selection.selection_curve,
    one panel per benchmark in its order) against the frames added by data selection: committee selection solid, the random control dashed, one colour per
    selection recipe; the base model at 0 frames."""
    curve = pd.read_csv(curve_csv)
    panels = list(dict.fromkeys(curve["benchmark"]))
    recipes = list(dict.fromkeys(curve["selection"]))
    colors = dict(zip(recipes, sns.color_palette("colorblind", len(recipes))))
    sns.set_theme(style="ticks", context="paper")
    columns = 4
    fig, axes = plt.subplots(-(-len(panels) // columns), columns, figsize=(3.2 * columns, 2.8 * -(-len(panels) // columns)),
                             sharex=True, squeeze=False)
    for ax, benchmark in zip(axes.flat, panels):
        for recipe in recipes:
            line = curve[(curve["benchmark"] == benchmark) & (curve["selection"] == recipe)].sort_values("frames_added")
            if line.empty:
                continue
            method = line["method"].iloc[0]
            ax.plot(line["frames_added"], 100 * line["rel_error"].clip(lower=1e-4), marker="o", color=colors[recipe],
                    linestyle="-" if method == "committee" else "--", label=f"{recipe} ({method})")
        ax.set(yscale="log", title=benchmark, xlabel="frames added")
        ax.axhline(5, color="0.6", linewidth=0.8, linestyle=":")
    for ax in axes.flat[len(panels):]:
        ax.axis("off")
    axes.flat[0].set_ylabel("worst |MLFF − LJ| / |LJ| (%)")
    axes.flat[0].legend(fontsize=6)
    fig.suptitle("Data selection: worst 0 K row against frames added (dotted: 5 %)", fontsize=9)
    save_figure(fig, out_png)
