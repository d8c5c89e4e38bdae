"""MD throughput of a MACE model: LAMMPS with pair_style mace (the plugin) against ASE's
VelocityVerlet driving mace-torch's MACECalculator. Same model, same dtype, same cores, same
vacancy cells, measured in one run. Writes JSON and a figure (and prints a table).

The plugin runs twice: on one MPI rank with `threads` OpenMP threads (`no_domain_decomposition`,
the pipeline's default), and with domain decomposition on `threads` MPI ranks of one thread each,
where every rank also evaluates its ghost shell (num_interactions * r_max + skin wide).

It also times mace-torch's bare model evaluation (energy and forces; no stress, neighbour list
or integrator) on the ASE side's cell. `bare_model_speedup` = ASE step / bare evaluation is what
an MD engine with zero cost of its own would gain by running that evaluation: once the model
dominates the step (large cells on a CPU) the plugin cannot do much better than that.

    python benchmarks/md_throughput.py --model results/default/models/mace-heating/model.model \
        --plugin build/plugin/macepairplugin.so --threads 2 --steps 20 --out benchmarks/results/md_throughput.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

from solidbench.lammps_run import loop_seconds, run_lammps
from solidbench.mace_model import export_for_lammps
from solidbench.potentials import mace_pair_lines, write_pair_include

DECK = Path(__file__).with_name("nve_vacancy.lmp")


def lammps_rate(pair_file: Path, cells: int, steps: int, threads: int, workdir: Path,
                ranks: int = 1) -> tuple[float, str]:
    """Atom-steps per second, and where the plugin ran the model (from its log line)."""
    log = workdir / f"bench_{cells}_{ranks}.log"
    run_lammps(DECK, {"pair_file": pair_file, "n": cells, "T0": 40.0, "seed": 5, "dt": 0.01078, "warmup": 5,
                      "steps": steps, "thermo_every": steps}, log, threads=threads, ranks=ranks)
    text = log.read_text()
    natoms = 4 * cells**3 - 1  # the deck's cell: cells^3 conventional FCC cells minus one atom
    return natoms * steps / loop_seconds(text)[-1], "CUDA" if "on CUDA" in text else "CPU"


def ase_rates(model: Path, dtype: str, cells: int, steps: int, threads: int, device: str) -> tuple[float, float]:
    """Atom-steps per second of ASE MD, and of the bare model evaluation on the same cell."""
    import torch
    from ase import units
    from ase.build import bulk
    from ase.md.velocitydistribution import MaxwellBoltzmannDistribution
    from ase.md.verlet import VelocityVerlet
    from mace.calculators import MACECalculator

    torch.set_num_threads(threads)
    atoms = bulk("Ar", "fcc", a=5.30, cubic=True) * (cells, cells, cells)
    del atoms[0]
    atoms.calc = MACECalculator(model_paths=str(model), device=device, default_dtype=dtype)
    MaxwellBoltzmannDistribution(atoms, temperature_K=40.0, rng=np.random.default_rng(5))
    dyn = VelocityVerlet(atoms, timestep=0.01078 * 1000 * units.fs)
    dyn.run(5)
    start = time.perf_counter()
    dyn.run(steps)
    md = len(atoms) * steps / (time.perf_counter() - start)

    batch = atoms.calc._atoms_to_batch(atoms).to_dict()
    net = atoms.calc.models[0]
    start = time.perf_counter()
    for _ in range(steps):
        batch["positions"] = batch["positions"].detach()
        net(batch, compute_stress=False, training=False)["forces"]
    bare = len(atoms) * steps / (time.perf_counter() - start)
    return md, bare


def plot(rows: list[dict], threads: int, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    natoms = [row["natoms"] for row in rows]
    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    for key, label in [("lammps_plugin_atom_steps_per_s", f"LAMMPS, 1 rank x {threads} threads"),
                       ("lammps_decomposed_atom_steps_per_s", f"LAMMPS, {threads} ranks x 1 thread"),
                       ("ase_verlet_atom_steps_per_s", f"ASE + MACECalculator, {threads} threads"),
                       ("bare_model_atom_steps_per_s", "bare model evaluation")]:
        ax.plot(natoms, [1e6 / row[key] for row in rows], "o-", label=label)
    ax.set_xscale("log")
    ax.set_xlabel("atoms")
    ax.set_ylabel("cost (us per atom-step)")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=150)


def gpu_name() -> str | None:
    import torch

    return torch.cuda.get_device_name(0) if torch.cuda.is_available() else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True, help="mace-torch .model file")
    parser.add_argument("--plugin", type=Path, required=True)
    parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    parser.add_argument("--threads", type=int, default=2, help="OpenMP threads of one rank, or MPI ranks")
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"],
                        help="for MACECalculator; the plugin uses CUDA whenever torch sees a GPU")
    parser.add_argument("--cells", type=int, nargs="+", default=[4, 6, 10], help="FCC cells per side (minus one atom)")
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/md_throughput.json"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        export_for_lammps(args.model, args.dtype, tmp / "model-lammps.pt")
        folded, decomposed = tmp / "pair.lmp", tmp / "pair_dd.lmp"
        for path, domain_decomposition in [(folded, False), (decomposed, True)]:
            write_pair_include(path, mace_pair_lines(tmp / "model-lammps.pt", args.plugin,
                                                     domain_decomposition=domain_decomposition), "benchmark")
        rows = []
        for cells in args.cells:
            natoms = 4 * cells**3 - 1
            plugin_rate, plugin_device = lammps_rate(folded, cells, args.steps, args.threads, tmp)
            decomposed_rate, _ = lammps_rate(decomposed, cells, args.steps, 1, tmp, ranks=args.threads)
            ase, bare = ase_rates(args.model, args.dtype, cells, args.steps, args.threads, args.device)
            rows.append({"natoms": natoms, "lammps_plugin_atom_steps_per_s": plugin_rate,
                         "lammps_decomposed_atom_steps_per_s": decomposed_rate,
                         "ase_verlet_atom_steps_per_s": ase, "bare_model_atom_steps_per_s": bare,
                         "plugin_device": plugin_device, "speedup": plugin_rate / ase, "bare_model_speedup": bare / ase,
                         "decomposed_over_folded": decomposed_rate / plugin_rate})
            print(f"{natoms:5d} atoms: LAMMPS 1x{args.threads} {plugin_rate:8.0f}  LAMMPS {args.threads}x1 "
                  f"{decomposed_rate:8.0f}  ASE {ase:8.0f}  bare model {bare:8.0f} atom-steps/s  -> plugin "
                  f"{plugin_rate / ase:.2f}x ASE, {args.threads} ranks {decomposed_rate / plugin_rate:.2f}x 1 rank",
                  flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "model": str(args.model), "dtype": args.dtype, "threads": args.threads, "steps": args.steps,
        "device": args.device, "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(),
                                           "gpu": gpu_name()}, "results": rows}, indent=2) + "\n")
    plot(rows, args.threads, args.out.with_suffix(".png"))


if __name__ == "__main__":
    main()
