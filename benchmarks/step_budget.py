"""What fewer MD steps would cost, stage by stage: the precision each MLFF MD stage of a finished run
would have with a shorter production, and the job minutes that would save.

- NPT lattice constants: the first part of each production series (the run's own samples), through
  the pipeline's estimator (pymbar statistical inefficiency), against the full series.
- Vacancy hop MD: each temperature's hop list cut at the shorter duration, refitted (Arrhenius).
- Finite-T spectra (VACF PDOS, SED peaks): the NVE record cannot be cut afterwards (the pipeline
  deletes the velocity dumps), so LJ runs the stage again at both lengths for several seeds; the
  seed-to-seed spread is the measured error (and checks the fitted ones). The MLFF's spectra are
  not rerun (3 min per run); in the default run its lines are 0.6-2x as wide as LJ's, so what a
  shorter record does to LJ's rows is what it does to the model's, within that factor.

Job minutes saved are the run's own (Snakemake `benchmark:` files) times the fraction of MD steps
(equilibration included) that the shorter production removes.

    python benchmarks/step_budget.py results/default --npt-prod-steps 4000 --hop-steps 20000 \\
        --spectra-nve-steps 2000 --out benchmarks/results/step_budget.json
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from solidbench.hops import arrhenius_fit
from solidbench.io import read_json
from solidbench.lammps_run import LammpsJob
from solidbench.lattice import mean_and_stderr, read_ave_time, reference_lattice_constant
from solidbench.results import REFERENCE
from solidbench.settings import SpectraSettings
from solidbench.spectra import finite_temperature_spectra
from stage_times import job_times, run_potentials

DECKS = Path(__file__).resolve().parent.parent / "workflow" / "lammps"


def saved_minutes(jobs: pd.DataFrame, rule: str, potentials: list[str], fraction: float) -> dict:
    """A rule's job minutes per potential (`stage_times.job_times`), and what keeping `fraction` of
    its MD steps would save."""
    minutes = {p: float(jobs.seconds[(jobs.rule == rule) & (jobs.potential == p)].sum() / 60) for p in potentials}
    return {"now": minutes, "saved": {p: m * (1 - fraction) for p, m in minutes.items()}}


def npt(run: Path, config: dict, potentials: list[str], jobs: pd.DataFrame, prod_steps: int) -> dict:
    md = config["lattice_md"]
    keep = prod_steps / md["prod_steps"]
    rows = []
    for potential in potentials:
        for T in md["temperatures"]:
            a = read_ave_time(run / "lattice" / potential / f"lattice_{T}K.series.dat")[:, 1]
            full, short = mean_and_stderr(a), mean_and_stderr(a[: int(round(keep * len(a)))])
            rows.append({"potential": potential, "temperature": T, "a_full": full[0], "stderr_full": full[1],
                         "inefficiency_full": full[2], "a_short": short[0], "stderr_short": short[1],
                         "inefficiency_short": short[2]})
    table = pd.DataFrame(rows)
    for column in ("stderr_full", "stderr_short"):
        table[column + "_pct"] = 100 * table[column] / table["a_full"]
    reference = table[table.potential == REFERENCE].set_index("temperature")
    for length in ("full", "short"):
        lj = table.temperature.map(reference[f"a_{length}"])
        lj_err = table.temperature.map(reference[f"stderr_{length}"])
        table[f"vs_lj_pct_{length}"] = 100 * (table[f"a_{length}"] / lj - 1)
        table[f"vs_lj_stderr_pct_{length}"] = 100 * np.hypot(table[f"stderr_{length}"], lj_err) / lj
    fraction = (md["equil_steps"] + prod_steps) / (md["equil_steps"] + md["prod_steps"])
    return {"prod_steps": [md["prod_steps"], prod_steps], "md_step_fraction": fraction,
            "rows": table.to_dict("records"), "job_minutes": saved_minutes(jobs, "lattice_npt", potentials, fraction)}


def hops(run: Path, config: dict, potentials: list[str], jobs: pd.DataFrame, steps: int) -> dict:
    md = config["vacancy"]["md"]
    keep = steps / md["steps"]
    rows = []
    for potential in potentials:
        runs = [read_json(run / "vacancy" / potential / f"hops_{T:g}K.json") for T in md["temperatures"]]
        temperatures = [r["temperature"] for r in runs]
        durations = np.array([r["duration_ps"] for r in runs])
        counts = np.array([r["hops"] for r in runs])
        # production time runs from 0 (the deck resets the step after equilibration)
        cut = [sum(h["time_ps"] <= keep * r["duration_ps"] for h in r["hop_list"]) for r in runs]
        full = arrhenius_fit(temperatures, counts, durations)
        short = arrhenius_fit(temperatures, cut, keep * durations)
        rows.append({"potential": potential, "temperatures": temperatures, "hops_full": counts.tolist(),
                     "hops_short": cut, "ea_full": full.activation_energy, "ea_stderr_full": full.activation_energy_stderr,
                     "ea_short": short.activation_energy, "ea_stderr_short": short.activation_energy_stderr})
    fraction = (md["equil_steps"] + steps) / (md["equil_steps"] + md["steps"])
    return {"steps": [md["steps"], steps], "md_step_fraction": fraction, "rows": rows,
            "job_minutes": saved_minutes(jobs, "vacancy_hop_md", potentials, fraction)}


def spectra(run: Path, config: dict, potentials: list[str], jobs: pd.DataFrame, nve_steps: int, seeds: int,
            workdir: Path) -> dict:
    """LJ's spectra stage at the run's and at the shorter NVE length, for `seeds` seeds each."""
    s = config["phonons_T"]
    settings = SpectraSettings.from_config(config)
    records = []
    for T in config["lattice_md"]["temperatures"]:
        a = reference_lattice_constant(run / "lattice" / REFERENCE / f"lattice_{T}K.json")
        for steps in (s["nve_steps"], nve_steps):
            for seed in range(s["seed"], s["seed"] + seeds):
                out = workdir / f"{T}K_{steps}_{seed}"
                job = LammpsJob(DECKS / "nve_velocities.lmp", run / "potentials" / REFERENCE / "pair.lmp", REFERENCE,
                                out.with_suffix(".log"))
                quantities = finite_temperature_spectra(
                    job, replace(settings, seed=seed, nve_steps=steps), a, float(T), out.with_suffix(".json"),
                    out.with_suffix(".dos.csv"), out.with_suffix(".peaks.csv"), out.with_suffix(".sed.csv"))
                records += [{"temperature": T, "nve_steps": steps, "seed": seed, "quantity": q["name"],
                             "value": q["value"], "stderr": q["stderr"]} for q in quantities
                            if q["name"].startswith(("sed_", "pdos_"))]
    table = (pd.DataFrame(records).groupby(["quantity", "temperature", "nve_steps"])
             .agg(mean=("value", "mean"), seed_spread=("value", "std"), fitted_stderr=("stderr", "mean"))
             .reset_index())
    fraction = (s["nvt_steps"] + nve_steps) / (s["nvt_steps"] + s["nve_steps"])
    return {"nve_steps": [s["nve_steps"], nve_steps], "seeds": seeds, "md_step_fraction": fraction,
            "rows": table.to_dict("records"), "job_minutes": saved_minutes(jobs, "phonons_T", potentials, fraction)}


def plot(result: dict, path: Path) -> None:
    import matplotlib.pyplot as plt

    from solidbench.plots import save_figure

    fig, (ax_npt, ax_hop, ax_sed) = plt.subplots(1, 3, figsize=(13, 3.8))
    table = pd.DataFrame(result["npt"]["rows"])
    full, short = result["npt"]["prod_steps"]
    for offset, (length, steps) in enumerate((("full", full), ("short", short))):
        mlff = table[table.potential != REFERENCE]
        ax_npt.errorbar(mlff.temperature + 2 * (offset - 0.5), mlff[f"vs_lj_pct_{length}"],
                        yerr=2 * mlff[f"vs_lj_stderr_pct_{length}"], fmt="os"[offset], capsize=3,
                        label=f"{steps} production steps")
    ax_npt.axhline(0, color="k", lw=0.5)
    ax_npt.set(xlabel="T (K)", ylabel="NPT a, MLFF vs LJ (%, ±2σ)", title="NPT lattice constant (target ±0.5 %)")
    ax_npt.legend(frameon=False, fontsize=8)
    for i, row in enumerate(result["hops"]["rows"]):
        for offset, length in enumerate(("full", "short")):
            ax_hop.errorbar(i + 0.15 * (offset - 0.5), 1e3 * row[f"ea_{length}"], yerr=2e3 * row[f"ea_stderr_{length}"],
                            fmt="os"[offset], capsize=3, color=f"C{offset}",
                            label=f"{result['hops']['steps'][offset]} steps" if i == 0 else None)
    ax_hop.set_xticks(range(len(result["hops"]["rows"])), [r["potential"] for r in result["hops"]["rows"]])
    ax_hop.set(ylabel="Arrhenius E_a (meV, ±2σ)", title="vacancy hop MD")
    ax_hop.legend(frameon=False, fontsize=8)
    # every spectra quantity's seed-to-seed spread, shorter record against the run's: on the dashed
    # line a quantity loses only the sqrt(2) of half the samples
    table = pd.DataFrame(result["spectra"]["rows"])
    table["spread_pct"] = 100 * table.seed_spread / table["mean"]
    long, short = result["spectra"]["nve_steps"]
    pairs = table.pivot_table(index=["quantity", "temperature"], columns="nve_steps", values="spread_pct").reset_index()
    for offset, (kind, group) in enumerate(pairs.groupby(pairs.quantity.str.split("_").str[:2].str.join("_"))):
        ax_sed.scatter(group[long], group[short], s=18, color=f"C{offset}", label=kind)
    limits = [0.9 * pairs[[long, short]].min().min(), 1.1 * pairs[[long, short]].max().max()]
    ax_sed.plot(limits, limits, "k-", lw=0.5)
    ax_sed.plot(limits, np.sqrt(long / short) * np.array(limits), "k--", lw=0.5)
    ax_sed.set(xscale="log", yscale="log", xlabel=f"seed spread, {long} NVE steps (%)",
               ylabel=f"seed spread, {short} NVE steps (%)",
               title=f"LJ finite-T spectra, {result['spectra']['seeds']} seeds × 3 T")
    ax_sed.legend(frameon=False, fontsize=7)
    save_figure(fig, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run", type=Path, help="a finished run's results, e.g. results/default")
    parser.add_argument("--npt-prod-steps", type=int, required=True)
    parser.add_argument("--hop-steps", type=int, required=True)
    parser.add_argument("--spectra-nve-steps", type=int, required=True)
    parser.add_argument("--spectra-seeds", type=int, default=4)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/step_budget.json"))
    args = parser.parse_args()
    config = yaml.safe_load((args.run / "config.yaml").read_text())
    potentials = [REFERENCE, *sorted(p for p in run_potentials(args.run) if p != REFERENCE)]
    jobs = job_times(args.run)
    with tempfile.TemporaryDirectory() as workdir:
        result = {"run": str(args.run),
                  "npt": npt(args.run, config, potentials, jobs, args.npt_prod_steps),
                  "hops": hops(args.run, config, potentials, jobs, args.hop_steps),
                  "spectra": spectra(args.run, config, potentials, jobs, args.spectra_nve_steps, args.spectra_seeds,
                                     Path(workdir))}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=float) + "\n")
    plot(result, args.out.with_suffix(".png"))
    print(json.dumps({stage: result[stage]["job_minutes"] for stage in ("npt", "hops", "spectra")}, indent=1))


if __name__ == "__main__":
    main()
