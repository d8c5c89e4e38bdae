"""Energy conservation of NVE MD with pair_style mace: total-energy drift over 10 ps at the default
time step (10.78 fs), per atom, for the float32 and float64 exports of one model. Writes JSON.

    python benchmarks/nve_drift.py --model results/models/mace-heating/model.model \
        --plugin build/plugin/macepairplugin.so --out benchmarks/results/nve_drift.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from solidbench.lammps_run import lmp_executable, thermo_blocks
from solidbench.potentials import mace_pair_lines, write_pair_include

TIMESTEP = 0.01078  # ps
STEPS = 928  # 10 ps


def nve_run(pair: Path, cells: int, temperature: float, threads: int, workdir: Path) -> dict:
    deck = workdir / "nve.lmp"
    deck.write_text(f"""units metal
atom_style atomic
atom_modify map yes
lattice fcc 5.30
region box block 0 {cells} 0 {cells} 0 {cells}
create_box 1 box
create_atoms 1 box
group first id 1
delete_atoms group first
mass 1 39.948
include {pair}
timestep {TIMESTEP}
velocity all create {2 * temperature} 11 mom yes rot yes dist gaussian
fix nve all nve
thermo_style custom step temp pe etotal
thermo_modify format float %.12g
thermo 4
run {STEPS}
""")
    log = workdir / "nve.log"
    subprocess.run([lmp_executable(), "-in", str(deck), "-log", str(log), "-screen", "none"], check=True,
                   env=dict(os.environ, OMP_NUM_THREADS=str(threads)))
    thermo = thermo_blocks(log.read_text())[-1]
    natoms = 4 * cells**3 - 1
    time_ps = np.array(thermo["Step"]) * TIMESTEP
    etotal = np.array(thermo["TotEng"]) / natoms
    slope = np.polyfit(time_ps, etotal, 1)[0]
    return {"natoms": natoms, "mean_temperature_K": float(np.mean(thermo["Temp"])),
            "drift_eV_per_atom_over_10ps": float(slope * 10.0),
            "etotal_std_eV_per_atom": float(np.std(etotal - np.polyval(np.polyfit(time_ps, etotal, 1), time_ps))),
            "kinetic_energy_eV_per_atom": float(1.5 * 8.617333e-5 * np.mean(thermo["Temp"]))}


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
            model = tmp / f"{dtype}.model"
            model.write_bytes(args.model.read_bytes())
            subprocess.run([str(Path(sys.executable).parent / "mace_create_lammps_model"), str(model),
                            f"--dtype={dtype}"], check=True, capture_output=True)
            pair = tmp / f"{dtype}.lmp"
            write_pair_include(pair, mace_pair_lines(f"{model}-lammps.pt", args.plugin), "NVE benchmark")
            results[dtype] = nve_run(pair, args.cells, args.temperature, args.threads, tmp)
            print(dtype, results[dtype], flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"model": str(args.model), "timestep_ps": TIMESTEP, "steps": STEPS,
                                    "threads": args.threads, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
