"""Where should the vacancy hop MD spend its steps? The error of the Arrhenius activation energy E_a
for the same total MD time, split three ways over the same temperatures:

- equal time at every temperature (the pipeline's `vacancy.md.steps`);
- stop each temperature at the same number of hops N (with the total time of the first);
- the best split of that time (the lower bound for these temperatures).

Hops are Poisson events, so the Fisher information of ln(rate) at temperature T_i is the expected
hop count mu_i there, whatever stops the run (a fixed time, or N hops: then mu_i = N). The
weighted fit of ln(rate) against x = 1/(k_B T) then has var(E_a) = 1 / sum_i mu_i (x_i - xbar)^2,
xbar the mu-weighted mean of x: the pipeline's own fit error (`arrhenius_fit`) with expected counts.
Rates are the fitted Arrhenius line of a finished run; the cost per ps of MD is its LAMMPS logs'.

    python benchmarks/hop_allocation.py results/default --potentials lj mace-heating
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from solidbench.hops import arrhenius_fit
from solidbench.io import read_json
from solidbench.lammps_run import loop_seconds
from solidbench.units import KB_EV


def activation_energy_error(rates: np.ndarray, times: np.ndarray, x: np.ndarray) -> float:
    mu = rates * times
    xbar = np.sum(mu * x) / np.sum(mu)
    return float(1.0 / np.sqrt(np.sum(mu * (x - xbar) ** 2)))


def best_split(rates: np.ndarray, total: float, x: np.ndarray) -> np.ndarray:
    """Times (summing to `total`) that minimise the E_a error, from softmax weights."""
    def error(z):
        w = np.exp(z - z.max())
        return activation_energy_error(rates, total * w / w.sum(), x)

    z = minimize(error, np.zeros(len(rates)), method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-12}).x
    w = np.exp(z - z.max())
    return total * w / w.sum()


def md_minutes_per_ps(log_dir: Path, potential: str, temperatures, duration_ps: float) -> float:
    """Wall minutes per ps of hop MD on the machine that made the run (the production `run`'s loop time)."""
    minutes = [loop_seconds((log_dir / f"{potential}_md_{t:g}K.lammps.log").read_text())[-1] / 60 for t in temperatures]
    return float(np.mean(minutes)) / duration_ps


def study(run: Path, potential: str) -> dict:
    md = read_json(run / "vacancy" / potential / "vacancy_md.json")
    temperatures, hops, durations = (np.asarray(md[k], dtype=float) for k in ("temperatures", "hops", "duration_ps"))
    fit = arrhenius_fit(temperatures, hops, durations)
    x = 1.0 / (KB_EV * temperatures)
    rates = fit.prefactor * np.exp(-fit.activation_energy * x)
    total = float(durations.sum())
    equal = durations
    target = total / np.sum(1.0 / rates)  # hops per temperature that the same total time buys
    stop_at_n = target / rates
    best = best_split(rates, total, x)
    per_ps = md_minutes_per_ps(run / "logs" / "vacancy", potential, temperatures, float(durations[0]))
    minutes = total * per_ps
    rows = {}
    for name, times in (("equal_time", equal), ("stop_at_n_hops", stop_at_n), ("best_split", best)):
        error = activation_energy_error(rates, times, x)
        rows[name] = {"duration_ps": times.tolist(), "expected_hops": (rates * times).tolist(),
                      "activation_energy_stderr": error, "relative_to_equal_time": None,
                      "stderr_times_sqrt_minutes": error * np.sqrt(minutes)}
    for row in rows.values():
        row["relative_to_equal_time"] = row["activation_energy_stderr"] / rows["equal_time"]["activation_energy_stderr"]
    return {"potential": potential, "temperatures": temperatures.tolist(), "observed_hops": hops.tolist(),
            "fit": {"activation_energy": fit.activation_energy, "activation_energy_stderr": fit.activation_energy_stderr,
                    "prefactor": fit.prefactor}, "total_md_ps": total, "md_wall_minutes": minutes,
            "target_hops_same_time": float(target), "strategies": rows}


def plot(results: list[dict], path: Path) -> None:
    import matplotlib.pyplot as plt

    from solidbench.plots import save_figure

    fig, axes = plt.subplots(1, len(results), figsize=(4.2 * len(results), 3.4), squeeze=False)
    for ax, result in zip(axes[0], results):
        names = list(result["strategies"])
        for offset, name in enumerate(names):
            times = result["strategies"][name]["duration_ps"]
            ax.bar(np.arange(len(times)) + 0.27 * (offset - 1), times, width=0.27,
                   label=f"{name}: σ(E_a) = {1e3 * result['strategies'][name]['activation_energy_stderr']:.1f} meV")
        ax.set_xticks(range(len(result["temperatures"])), [f"{t:g} K" for t in result["temperatures"]])
        ax.set(ylabel="MD time (ps)", title=f"{result['potential']}: {result['total_md_ps']:.0f} ps in all")
        ax.legend(frameon=False, fontsize=7)
    save_figure(fig, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run", type=Path, help="a finished run's results, e.g. results/default")
    parser.add_argument("--potentials", nargs="+", default=["lj", "mace-heating"])
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/hop_allocation.json"))
    args = parser.parse_args()
    results = [study(args.run, p) for p in args.potentials]
    for r in results:
        print(r["potential"], {k: round(v["relative_to_equal_time"], 4) for k, v in r["strategies"].items()},
              f"sigma(E_a) equal time {1e3 * r['strategies']['equal_time']['activation_energy_stderr']:.2f} meV "
              f"over {r['md_wall_minutes']:.1f} wall minutes of MD")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"run": str(args.run), "results": results}, indent=2) + "\n")
    plot(results, args.out.with_suffix(".png"))


if __name__ == "__main__":
    main()
