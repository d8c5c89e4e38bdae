"""The results contract (DESIGN.md section 4).

Every benchmark writes one JSON file: {"potential", "benchmark", "quantities": {name: {"value",
"stderr", "unit"}}, ...details}. `collect_summary` turns a set of them into results/summary.csv.
"""

from __future__ import annotations

import math
import logging
import os

import pandas as pd

from .io import read_json, write_csv, write_json

SUMMARY_COLUMNS = ["potential", "benchmark", "quantity", "value", "stderr", "unit"]
UNITS = {"angstrom", "eV", "eV/atom", "THz", "1/ps", "eV/angstrom", "1", "K", "bar", "GPa"}


def quantity(value: float, unit: str, stderr: float | None = None) -> dict:
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not one of the contract's units {sorted(UNITS)}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"non-finite value {value}")
    return {"value": value, "stderr": None if stderr is None else float(stderr), "unit": unit}


def write_result(path: str | os.PathLike, potential: str, benchmark: str, quantities: dict, **details) -> None:
    write_json(path, {"potential": potential, "benchmark": benchmark, "quantities": quantities, **details})


def log_quantities(quantities: dict) -> None:
    """One `name = value unit` line in the job's log per quantity it measured."""
    for name, q in quantities.items():
        logging.info(f"{name} = {q['value']:.6g} {q['unit']}")


def collect_summary(result_files: list[str | os.PathLike], out_csv: str | os.PathLike) -> pd.DataFrame:
    rows = []
    for path in result_files:
        result = read_json(path)
        for name, q in result["quantities"].items():
            rows.append({"potential": result["potential"], "benchmark": result["benchmark"], "quantity": name,
                         "value": q["value"], "stderr": q["stderr"], "unit": q["unit"]})
    table = pd.DataFrame(rows, columns=SUMMARY_COLUMNS).sort_values(["benchmark", "quantity", "potential"])
    write_csv(out_csv, table)
    return table


COMPARISON_COLUMNS = ["potential", "benchmark", "quantity", "unit", "value", "stderr", "lj_value", "lj_stderr",
                      "abs_error", "rel_error", "lj_within_uncertainty"]


# Quantities whose reference value is zero by construction get their relative error against another
# of the reference's quantities: an isolated-atom energy off by x is x/E_coh of the binding.
RELATIVE_TO = {("lattice", "isolated_atom_energy"): ("lattice", "cohesive_energy")}


def compare_to_reference(summary: pd.DataFrame, out_csv, reference: str = "lj") -> pd.DataFrame:
    """Each MLFF quantity beside the reference's: absolute and relative error, and whether the
    reference lies within two combined standard errors (empty where neither has an error bar).
    The relative error divides by |reference value|, or for RELATIVE_TO quantities by that scale."""
    ref = summary[summary["potential"] == reference].set_index(["benchmark", "quantity"])
    rows = []
    for r in summary[summary["potential"] != reference].itertuples(index=False):
        key = (r.benchmark, r.quantity)
        if key not in ref.index:
            continue
        lj = ref.loc[key]
        scale_key = RELATIVE_TO.get(key, key)
        scale = abs(ref.loc[scale_key, "value"]) if scale_key in ref.index else 0.0
        diff = r.value - lj["value"]
        errors = [e for e in (r.stderr, lj["stderr"]) if pd.notna(e)]
        within = (abs(diff) <= 2 * math.sqrt(sum(e**2 for e in errors))) if errors else None
        rows.append({"potential": r.potential, "benchmark": r.benchmark, "quantity": r.quantity, "unit": r.unit,
                     "value": r.value, "stderr": r.stderr, "lj_value": lj["value"], "lj_stderr": lj["stderr"],
                     "abs_error": abs(diff), "rel_error": abs(diff) / scale if scale else math.nan,
                     "lj_within_uncertainty": within})
    table = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    write_csv(out_csv, table)
    return table
