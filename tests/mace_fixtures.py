"""Small untrained MACE models for tests: built in seconds, deterministic, no download."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np


READOUT_SCALE = 3.0  # forces of LJ-argon size (0.01-0.1 eV/A)


def build_mace_model(path: str | Path, dtype: str = "float64", atomic_numbers=(18,), r_max: float = 5.0,
                     seed: int = 7, export: bool = True) -> tuple[Path, Path | None]:
    """Save a randomly initialised MACE model (what mace-torch's training would start from) and,
    with `export`, its LAMMPS TorchScript version from `mace_create_lammps_model`."""
    import torch
    from mace import modules  # before e3nn: mace allows e3nn's constants to load under torch>=2.6
    from e3nn import o3

    torch.manual_seed(seed)
    torch.set_default_dtype(torch.float64 if dtype == "float64" else torch.float32)
    model = modules.MACE(
        r_max=r_max, num_bessel=8, num_polynomial_cutoff=5, max_ell=2,
        interaction_cls=modules.interaction_classes["RealAgnosticResidualInteractionBlock"],
        interaction_cls_first=modules.interaction_classes["RealAgnosticResidualInteractionBlock"],
        num_interactions=2, num_elements=len(atomic_numbers), hidden_irreps=o3.Irreps("8x0e+8x1o"),
        MLP_irreps=o3.Irreps("16x0e"), atomic_energies=np.full(len(atomic_numbers), -0.05),
        avg_num_neighbors=30.0, atomic_numbers=list(atomic_numbers), correlation=2,
        gate=torch.nn.functional.silu, radial_MLP=[16, 16],
    )
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
    return path, lammps_path
