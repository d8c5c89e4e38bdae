"""MD throughput of a MACE model, every way this project can run it, side by side in one run:
LAMMPS with pair_style mace's compiled evaluator (tables) and with its TorchScript path, each on
one rank with 1 and with `threads` OpenMP threads and on `threads` MPI ranks of one thread
(domain decomposition), and ASE's VelocityVerlet driving mace-torch's MACECalculator (plus the
bare model evaluation, energy and forces only). Same model, same dtype, same vacancy cells.
Writes JSON and a figure, and prints a table.

It also states how far the compiled evaluator is from the arithmetic it needs: the floating-point
operations of one energy-and-force evaluation of the model (counted from its tables' shape and the
cell's neighbours within r_max) at the machine's measured rate for a dense float32 kernel with the
model's channel width (torch.matmul [edges x C] @ [C x 2C], the shape of the per-edge work).

    python benchmarks/md_throughput.py --model results/default/models/mace-heating/model.model \
        --plugin build/plugin/macepairplugin.so --out benchmarks/results/md_throughput.json
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
from solidbench.mace_tables import tables_path
from solidbench.potentials import mace_pair_lines, write_pair_include

DECK = Path(__file__).with_name("nve_vacancy.lmp")
LATTICE = 5.30  # the deck's lattice constant (A)
SECONDS_PER_POINT = 3.0  # timed loop length aimed at for each measurement


def natoms_of(cells: int) -> int:
    return 4 * cells**3 - 1  # the deck's cell: cells^3 conventional FCC cells minus one atom


def steps_for(cost_us: float, natoms: int, least: int = 5) -> int:
    return max(least, int(SECONDS_PER_POINT / (cost_us * 1e-6 * natoms)))


def lammps_cost(pair_file: Path, cells: int, threads: int, ranks: int, cost_guess_us: float, workdir: Path) -> dict:
    """Microseconds per atom-step of NVE with this pair file, and which evaluator ran (its log line)."""
    natoms = natoms_of(cells)
    steps = steps_for(cost_guess_us / max(ranks, threads), natoms)
    log = workdir / f"bench_{pair_file.stem}_{cells}_{threads}x{ranks}.log"
    run_lammps(DECK, {"pair_file": pair_file, "n": cells, "T0": 40.0, "seed": 5, "dt": 0.01078, "warmup": 3,
                      "steps": steps, "thermo_every": steps}, log, threads=threads, ranks=ranks)
    text = log.read_text()
    evaluator = "tables" if "compiled one-layer evaluator from" in text else "torchscript"
    device = "CUDA" if "on CUDA" in text else "CPU"
    return {"us_per_atom_step": loop_seconds(text)[-1] / (steps * natoms) * 1e6, "steps": steps,
            "evaluator": evaluator, "device": device}


def ase_costs(model: Path, dtype: str, cells: int, threads: int) -> dict:
    """Microseconds per atom-step of ASE MD with MACECalculator, and of the bare model evaluation."""
    import torch
    from ase import units
    from ase.build import bulk
    from ase.md.velocitydistribution import MaxwellBoltzmannDistribution
    from ase.md.verlet import VelocityVerlet
    from mace.calculators import MACECalculator

    torch.set_num_threads(threads)
    atoms = bulk("Ar", "fcc", a=LATTICE, cubic=True) * (cells, cells, cells)
    del atoms[0]
    atoms.calc = MACECalculator(model_paths=str(model), device="cpu", default_dtype=dtype)
    MaxwellBoltzmannDistribution(atoms, temperature_K=40.0, rng=np.random.default_rng(5))
    dyn = VelocityVerlet(atoms, timestep=0.01078 * 1000 * units.fs)
    dyn.run(3)
    steps = steps_for(150.0, len(atoms), least=3)
    start = time.perf_counter()
    dyn.run(steps)
    md = (time.perf_counter() - start) / (steps * len(atoms)) * 1e6
    batch = atoms.calc._atoms_to_batch(atoms).to_dict()
    net = atoms.calc.models[0]
    start = time.perf_counter()
    for _ in range(steps):
        batch["positions"] = batch["positions"].detach()
        net(batch, compute_stress=False, training=False)["forces"]
    bare = (time.perf_counter() - start) / (steps * len(atoms)) * 1e6
    return {"ase_us_per_atom_step": md, "bare_model_us_per_atom_step": bare}


def model_shape(tables: Path) -> dict:
    """Channels, max_ell, r_max and contraction terms from the tables' header."""
    header = {}
    with open(tables, "rb") as handle:
        for raw in handle:
            line = raw.decode().strip()
            if line == "end":
                break
            key, *values = line.split()
            header[key] = values
    return {"channels": int(header["num_channels"][0]), "max_ell": int(header["max_ell"][0]),
            "r_max": float(header["r_max"][0]), "poly_terms": int(header["poly_terms"][0])}


def neighbours_within(r_max: float, cells: int = 4) -> float:
    """Mean number of neighbours within r_max in the deck's vacancy cell."""
    from ase.build import bulk
    from ase.neighborlist import neighbor_list

    atoms = bulk("Ar", "fcc", a=LATTICE, cubic=True) * (cells, cells, cells)
    del atoms[0]
    return len(neighbor_list("i", atoms, r_max)) / len(atoms)


def flops_per_atom_step(shape: dict, neighbours: float) -> dict:
    """Floating-point operations (a multiply-add counts 2) of one energy-and-force evaluation per
    atom, as plugin/mace_tables.cpp does it. Per edge, with L = max_ell + 1 radial blocks and
    K = L^2 harmonic components of C channels: the spline's value and derivative (4 multiply-adds
    each per function: 16 L C), the density A += phi Y (2 K C), and the backward pass G += g Y,
    t += g phi (4 K C) and the radial term dphi . G (2 L C). Per atom: the contraction polynomial
    and its gradient, about 6 operations per term and channel."""
    C, L = shape["channels"], shape["max_ell"] + 1
    K = L * L
    per_edge = 16 * L * C + 2 * K * C + 4 * K * C + 2 * L * C
    per_atom = 6 * shape["poly_terms"] * C
    return {"per_edge": per_edge, "per_atom_node": per_atom, "neighbours": neighbours,
            "per_atom_step": per_edge * neighbours + per_atom}


def matmul_rate(channels: int, threads: int, edges: int = 10_710) -> float:
    """FLOP/s of torch.matmul [edges x C] @ [C x 2C] in float32 on `threads` threads."""
    import torch

    torch.set_num_threads(threads)
    a, b = torch.randn(edges, channels), torch.randn(channels, 2 * channels)
    for _ in range(20):
        a @ b
    repeats, start = 500, time.perf_counter()
    for _ in range(repeats):
        a @ b
    return 2 * edges * channels * 2 * channels * repeats / (time.perf_counter() - start)


def plot(rows: list[dict], threads: int, limit_us: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    series = [("tables_1x1", "compiled (tables), 1 thread", "C0", "-"),
              (f"tables_1x{threads}", f"compiled (tables), {threads} threads", "C0", "--"),
              (f"tables_{threads}x1", f"compiled (tables), {threads} ranks", "C0", ":"),
              ("torchscript_1x1", "TorchScript, 1 thread", "C1", "-"),
              (f"torchscript_1x{threads}", f"TorchScript, {threads} threads", "C1", "--"),
              (f"torchscript_{threads}x1", f"TorchScript, {threads} ranks", "C1", ":"),
              ("ase_1", "ASE + MACECalculator, 1 thread", "C2", "-"),
              (f"ase_{threads}", f"ASE + MACECalculator, {threads} threads", "C2", "--")]
    for key, label, colour, style in series:
        points = [(row["natoms"], row[key]) for row in rows if key in row]
        if points:
            ax.plot(*zip(*points), marker="o", color=colour, linestyle=style, label=label)
    for n, (label, value) in enumerate(limit_us.items()):
        ax.axhline(value, color="grey", lw=0.8, ls=["-", "--"][n % 2])
        ax.annotate(label, (rows[0]["natoms"], value), fontsize=7, va="bottom", color="grey")
    ax.set(xscale="log", yscale="log", xlabel="atoms", ylabel="cost (µs per atom-step)",
           title="MACE MD on this CPU (default model, float32)")
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=150)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True, help="mace-torch .model file (one layer)")
    parser.add_argument("--plugin", type=Path, required=True)
    parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    parser.add_argument("--threads", type=int, default=2, help="OpenMP threads of one rank, or MPI ranks")
    parser.add_argument("--cells", type=int, nargs="+", default=[3, 4, 6, 10, 20],
                        help="FCC cells per side (minus one atom)")
    parser.add_argument("--max-slow-atoms", type=int, default=4000,
                        help="largest cell for TorchScript and ASE (the compiled path runs every cell)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/md_throughput.json"))
    args = parser.parse_args()
    t = args.threads

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lammps_model = tmp / "model-lammps.pt"
        export_for_lammps(args.model, args.dtype, lammps_model)
        if not tables_path(lammps_model).exists():
            raise SystemExit(f"{args.model}: no tables (not a one-layer model?): nothing to compare")
        pair = {}
        for evaluator in ("tables", "torchscript"):
            for decomposed in (False, True):
                path = tmp / f"{evaluator}{'_dd' if decomposed else ''}.lmp"
                write_pair_include(path, mace_pair_lines(lammps_model, args.plugin, domain_decomposition=decomposed,
                                                         evaluator=evaluator), "benchmark")
                pair[evaluator, decomposed] = path
        rows = []
        for cells in args.cells:
            natoms = natoms_of(cells)
            row = {"natoms": natoms}
            layouts = [(1, 1), (t, 1), (1, t)]  # (threads, ranks)
            for evaluator, guess in (("tables", 10.0), ("torchscript", 150.0)):
                if evaluator == "torchscript" and natoms > args.max_slow_atoms:
                    continue
                for threads, ranks in layouts:
                    result = lammps_cost(pair[evaluator, ranks > 1], cells, threads, ranks, guess, tmp)
                    assert result["evaluator"] == evaluator, result
                    row[f"{evaluator}_{ranks}x{threads}"] = result["us_per_atom_step"]
            if natoms <= args.max_slow_atoms:
                for threads in (1, t):
                    costs = ase_costs(args.model, args.dtype, cells, threads)
                    row[f"ase_{threads}"] = costs["ase_us_per_atom_step"]
                    row[f"bare_model_{threads}"] = costs["bare_model_us_per_atom_step"]
            if f"torchscript_1x{t}" in row:
                row[f"speedup_1x{t}"] = row[f"torchscript_1x{t}"] / row[f"tables_1x{t}"]
            row[f"tables_ranks_over_threads"] = row[f"tables_1x{t}"] / row[f"tables_{t}x1"]
            row[f"tables_{t}_ranks_over_1"] = row["tables_1x1"] / row[f"tables_{t}x1"]
            rows.append(row)
            print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}), flush=True)

        shape = model_shape(tables_path(lammps_model))
    flops = flops_per_atom_step(shape, neighbours_within(shape["r_max"]))
    rates = {threads: matmul_rate(shape["channels"], threads) for threads in (1, t)}
    limits = {threads: flops["per_atom_step"] / rates[threads] * 1e6 for threads in (1, t)}
    for row in rows:
        row["fraction_of_limit_1x1"] = limits[1] / row["tables_1x1"]
        row[f"fraction_of_limit_1x{t}"] = limits[t] / row[f"tables_1x{t}"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "model": str(args.model), "dtype": args.dtype, "threads": t, "model_shape": shape, "flops": flops,
        "matmul_flop_per_s": {str(k): v for k, v in rates.items()},
        "arithmetic_limit_us_per_atom_step": {str(k): v for k, v in limits.items()},
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(), "processor": platform.processor()},
        "results": rows}, indent=2) + "\n")
    plot(rows, t, {f"arithmetic limit, {k} thread(s)": v for k, v in limits.items()}, args.out.with_suffix(".png"))


if __name__ == "__main__":
    main()
