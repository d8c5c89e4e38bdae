"""Energy conservation of NVE MD with pair_style mace: total-energy drift over 10 ps at the default
time step (10.78 fs), per atom, for the float32 and float64 exports of one model, each through the
plugin's compiled evaluator (where the model has tables) and through its TorchScript model, from the
same start. Writes JSON.

    python benchmarks/nve_drift.py --model results/default/models/mace-heating/model.model \
        --plugin build/plugin/macepairplugin.so --out benchmarks/results/nve_drift.json
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from solidbench.lammps_run import run_lammps, thermo_blocks
from solidbench.mace_model import export_for_lammps
from solidbench.mace_tables import tables_path
from solidbench.potentials import mace_pair_lines, write_pair_include
from solidbench.units import KB_EV

TIMESTEP = 0.01078  # ps
STEPS = 928  # 10 ps
DECK = Path(__file__).with_name("nve_vacancy.lmp")


def nve_run(pair: Path, cells: int, temperature: float, threads: int, workdir: Path) -> dict:
    log = workdir / "nve.log"
    run_lammps(DECK, {"pair_file": pair, "n": cells, "T0": 2 * temperature, "seed": 11, "dt": TIMESTEP,
                      "warmup": 0, "steps": STEPS, "thermo_every": 4}, log, threads=threads)
    thermo = thermo_blocks(log.read_text())[-1]
    natoms = 4 * cells**3 - 1
    time_ps = np.array(thermo["Step"]) * TIMESTEP
    etotal = np.array(thermo["TotEng"]) / natoms
    line = np.polyfit(time_ps, etotal, 1)
    return {"natoms": natoms, "mean_temperature_K": float(np.mean(thermo["Temp"])),
            "drift_eV_per_atom_over_10ps": float(line[0] * 10.0),
            "etotal_std_eV_per_atom": float(np.std(etotal - np.polyval(line, time_ps))),
            "kinetic_energy_eV_per_atom": float(1.5 * KB_EV * np.mean(thermo["Temp"]))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--plugin", type=Path, required=True)
    parser.add_argument("--cells", type=int, default=4)
    parser.add_argument("--temperature", type=float, default=40.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/nve_drift.json"))
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for dtype in ("float32", "float64"):
            export_for_lammps(args.model, dtype, tmp / f"{dtype}-lammps.pt")
            evaluators = ["tables", "torchscript"] if tables_path(tmp / f"{dtype}-lammps.pt").exists() else ["torchscript"]
            for evaluator in evaluators:
                pair = tmp / f"{dtype}_{evaluator}.lmp"
                write_pair_include(pair, mace_pair_lines(tmp / f"{dtype}-lammps.pt", args.plugin, evaluator=evaluator),
                                   "NVE benchmark")
                results[f"{dtype}_{evaluator}"] = nve_run(pair, args.cells, args.temperature, args.threads, tmp)
                print(dtype, evaluator, results[f"{dtype}_{evaluator}"], flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"model": str(args.model), "timestep_ps": TIMESTEP, "steps": STEPS,
                                    "threads": args.threads, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
