"""The results contract (DESIGN.md section 4).

Every benchmark writes one JSON file: {"potential", "benchmark", "quantities": [{"name", "value",
"stderr", "unit", "temperature"}, ...], ...details}. A quantity's name never carries its temperature:
MD results give it in K, static (0 K) results leave it null. `collect_summary` turns a set of
them into results/<run>/summary.csv, one row per (potential, benchmark, quantity, temperature).
"""

from __future__ import annotations

import math
import logging
import os

import pandas as pd

from .io import read_json, write_csv, write_json

REFERENCE = "lj"  # the potential every MLFF is compared with
SUMMARY_COLUMNS = ["potential", "benchmark", "quantity", "temperature", "value", "stderr", "unit"]
UNITS = {"angstrom", "eV", "eV/atom", "THz", "1/ps", "eV/angstrom", "1", "K", "bar", "GPa", "J/m^2"}


def quantity(name: str, value: float, unit: str, stderr: float | None = None,
             temperature: float | None = None) -> dict:
    if unit not in UNITS:
        raise ValueError(f"{name}: unit {unit!r} is not one of the contract's units {sorted(UNITS)}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name}: non-finite value {value}")
    return {"name": name, "value": value, "stderr": None if stderr is None else float(stderr), "unit": unit,
            "temperature": None if temperature is None else float(temperature)}


def find_quantity(quantities: list[dict], name: str, temperature: float | None = None) -> dict:
    """The quantity `name` at `temperature` (None: a static one) of a result's quantity list."""
    for q in quantities:
        if q["name"] == name and q["temperature"] == (None if temperature is None else float(temperature)):
            return q
    at = "" if temperature is None else f" at {temperature:g} K"
    raise KeyError(f"no quantity {name!r}{at} among {sorted({q['name'] for q in quantities})}")


def result_value(path: str | os.PathLike, name: str, temperature: float | None = None) -> float:
    """One quantity's value from a result file, with the file named in the error if it is missing."""
    try:
        return find_quantity(read_json(path)["quantities"], name, temperature)["value"]
    except KeyError as err:
        raise KeyError(f"{path}: {err.args[0]}") from None


def write_result(path: str | os.PathLike, potential: str, benchmark: str, quantities: list[dict], **details) -> None:
    keys = [(q["name"], q["temperature"]) for q in quantities]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{path}: a quantity appears twice at one temperature: {keys}")
    write_json(path, {"potential": potential, "benchmark": benchmark, "quantities": quantities, **details})


def log_quantities(quantities: list[dict]) -> None:
    """One `name [at T K] = value unit` line in the job's log per quantity it measured."""
    for q in quantities:
        at = "" if q["temperature"] is None else f" at {q['temperature']:g} K"
        logging.info(f"{q['name']}{at} = {q['value']:.6g} {q['unit']}")


def collect_summary(result_files: list[str | os.PathLike], out_csv: str | os.PathLike) -> pd.DataFrame:
    rows = [{"potential": result["potential"], "benchmark": result["benchmark"], "quantity": q["name"],
             "temperature": q["temperature"], "value": q["value"], "stderr": q["stderr"], "unit": q["unit"]}
            for result in map(read_json, result_files) for q in result["quantities"]]
    table = pd.DataFrame(rows, columns=SUMMARY_COLUMNS).astype({"temperature": float})
    table = table.sort_values(["benchmark", "quantity", "temperature", "potential"], na_position="first")
    write_csv(out_csv, table)
    return table


COMPARISON_COLUMNS = ["potential", "benchmark", "quantity", "temperature", "unit", "value", "stderr", "lj_value",
                      "lj_stderr", "abs_error", "rel_error", "lj_within_uncertainty"]


# Quantities whose reference value is zero by construction get their relative error against another
# of the reference's quantities: an isolated-atom energy off by x is x/E_coh of the binding.
# The Cauchy pressure is zero for LJ (a pair potential at zero stress): its error is a fraction of C44.
# LJ's intrinsic stacking fault is nearly degenerate with the crystal (-0.2 mJ/m^2 at the 8.5 A
# cutoff): its error is a fraction of the unstable fault energy, the height of the curve it ends.
RELATIVE_TO = {("lattice", "isolated_atom_energy"): ("lattice", "cohesive_energy"),
               ("elastic", "cauchy_pressure"): ("elastic", "elastic_c44"),
               ("stacking_fault", "stacking_fault_isf"): ("stacking_fault", "stacking_fault_us")}


def _row_key(row) -> tuple:
    """(benchmark, quantity, temperature) with None for a static row (NaN never equals itself)."""
    return row.benchmark, row.quantity, None if pd.isna(row.temperature) else float(row.temperature)


def compare_to_reference(summary: pd.DataFrame, out_csv, reference: str = REFERENCE) -> pd.DataFrame:
    """Each MLFF quantity beside the reference's at the same temperature: absolute and relative
    error, and whether the reference lies within two combined standard errors (empty where neither
    has an error bar). The relative error divides by |reference value|, or for RELATIVE_TO
    quantities by that (static) scale."""
    ref = {_row_key(r): r for r in summary[summary["potential"] == reference].itertuples(index=False)}
    rows = []
    for r in summary[summary["potential"] != reference].itertuples(index=False):
        key = _row_key(r)
        if key not in ref:
            continue
        lj = ref[key]
        scale_row = ref.get((*RELATIVE_TO[key[:2]], None) if key[:2] in RELATIVE_TO else key)
        scale = abs(scale_row.value) if scale_row is not None else 0.0
        diff = r.value - lj.value
        errors = [e for e in (r.stderr, lj.stderr) if pd.notna(e)]
        within = (abs(diff) <= 2 * math.sqrt(sum(e**2 for e in errors))) if errors else None
        rows.append({"potential": r.potential, "benchmark": r.benchmark, "quantity": r.quantity,
                     "temperature": r.temperature, "unit": r.unit, "value": r.value, "stderr": r.stderr,
                     "lj_value": lj.value, "lj_stderr": lj.stderr, "abs_error": abs(diff),
                     "rel_error": abs(diff) / scale if scale else math.nan, "lj_within_uncertainty": within})
    table = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    write_csv(out_csv, table)
    return table


def temperature_label(value) -> str:
    """20 -> '20', 37.5 -> '37.5': the {T} wildcard and file names; '' for a static (0 K) quantity,
    whose temperature is None or NaN."""
    if value is None or value != value:  # NaN is the one value unequal to itself
        return ""
    return f"{float(value):g}"
