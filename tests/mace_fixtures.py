"""Small untrained MACE models for tests: built in seconds, deterministic, no download."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np


READOUT_SCALE = 3.0  # forces of LJ-argon size (0.01-0.1 eV/A)


def build_mace_model(path: str | Path, dtype: str = "float64", atomic_numbers=(18,), r_max: float = 5.0,
                     seed: int = 7, export: bool = True, num_interactions: int = 2,
                     hidden_irreps: str = "8x0e+8x1o", max_ell: int = 2, correlation: int = 2,
                     first_block: str = "RealAgnosticResidualInteractionBlock", radial_mlp=(16, 16),
                     tables: bool = False) -> tuple[Path, Path | None]:
    """Save a randomly initialised MACE model (what mace-torch's training would start from) and,
    with `export`, its LAMMPS TorchScript version from `mace_create_lammps_model`, and with
    `tables` also the compiled evaluator's tables beside it (one-layer models only).
    One-layer models are ScaleShiftMACE, as mace-torch's training makes them (scale and shift
    then take part); deeper ones plain MACE."""
    import torch
    from mace import modules  # before e3nn: mace allows e3nn's constants to load under torch>=2.6
    from e3nn import o3

    torch.manual_seed(seed)
    torch.set_default_dtype(torch.float64 if dtype == "float64" else torch.float32)
    arguments = dict(
        r_max=r_max, num_bessel=8, num_polynomial_cutoff=5, max_ell=max_ell,
        interaction_cls=modules.interaction_classes["RealAgnosticResidualInteractionBlock"],
        interaction_cls_first=modules.interaction_classes[first_block],
        num_interactions=num_interactions, num_elements=len(atomic_numbers),
        hidden_irreps=o3.Irreps(hidden_irreps), MLP_irreps=o3.Irreps("16x0e"),
        atomic_energies=np.full(len(atomic_numbers), -0.05), avg_num_neighbors=30.0,
        atomic_numbers=list(atomic_numbers), correlation=correlation, gate=torch.nn.functional.silu,
        radial_MLP=list(radial_mlp),
    )
    if num_interactions == 1:
        model = modules.ScaleShiftMACE(**arguments, atomic_inter_scale=0.5, atomic_inter_shift=0.01)
    else:
        model = modules.MACE(**arguments)
    # random readouts give tiny energies; scale them so forces are of LJ-argon size (0.01-0.1 eV/A)
    with torch.no_grad():
        for readout in model.readouts:
            for p in readout.parameters():
                p.mul_(READOUT_SCALE)
    torch.set_default_dtype(torch.float64)
    path = Path(path)
    torch.save(model, path)
    lammps_path = None
    if export:
        tool = Path(sys.executable).parent / "mace_create_lammps_model"
        subprocess.run([str(tool), str(path), f"--dtype={dtype}"], check=True, capture_output=True)
        lammps_path = Path(f"{path}-lammps.pt")
        if tables:
            from solidbench.mace_tables import write_tables

            write_tables(path, lammps_path, dtype)
    return path, lammps_path
