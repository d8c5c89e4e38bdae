"""The one thing that differs between potentials: the LAMMPS pair lines (and, later, an ASE calculator).

A potential is named `lj` or `mace-<recipe>`; `pair_include` writes the file that every deck
pulls in with `include ${pair_file}`.
"""

from __future__ import annotations

import os
from pathlib import Path

CUTOFF_TREATMENTS = ("truncate", "shift", "smooth_linear")


def lj_pair_lines(epsilon: float, sigma: float, cutoff: float, treatment: str) -> list[str]:
    """LAMMPS lines for LJ argon in `units metal`.

    truncate:      plain lj/cut (the paper); the energy jumps when a pair crosses the cutoff.
    shift:         lj/cut with the energy shifted to zero at the cutoff; forces identical to
                   `truncate`, energies continuous, so energy and forces are consistent to
                   within the force step F(rc) that the cutoff leaves.
    smooth_linear: lj/smooth/linear (force-shifted); energy and force both go to zero at rc,
                   at the price of slightly modified physics.
    """
    if treatment not in CUTOFF_TREATMENTS:
        raise ValueError(f"unknown LJ cutoff treatment {treatment!r}; choose one of {CUTOFF_TREATMENTS}")
    style = "lj/smooth/linear" if treatment == "smooth_linear" else "lj/cut"
    lines = [f"pair_style {style} {cutoff}", f"pair_coeff * * {epsilon} {sigma}"]
    if treatment == "shift":
        lines.append("pair_modify shift yes")
    return lines


def mace_pair_lines(model: str | os.PathLike, plugin: str | os.PathLike | None, elements=("Ar",),
                    domain_decomposition: bool = False) -> list[str]:
    """`pair_style mace` lines in the established syntax; `plugin load` only when a plugin is given.
    Without domain decomposition the style runs on one MPI rank and evaluates no ghost atom; with
    it, on any number of ranks, at the cost of a ghost shell num_interactions * r_max wide."""
    lines = []
    if plugin is not None:
        lines.append(f"plugin load {Path(plugin).resolve()}")
    lines += ["pair_style mace" + ("" if domain_decomposition else " no_domain_decomposition"),
              f"pair_coeff * * {Path(model).resolve()} {' '.join(elements)}"]
    return lines


def check_pair_include(path: str | os.PathLike) -> Path:
    """Fail early, naming the pair file, when it or a file it loads (plugin, MACE model) is missing;
    LAMMPS itself would only name the missing file. Returns the resolved path."""
    path = Path(path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"pair include file {path} does not exist")
    words = [line.split() for line in path.read_text().splitlines()]
    style = next((w[1] for w in words if len(w) > 1 and w[0] == "pair_style"), None)
    needed = [w[2] for w in words if w[:2] == ["plugin", "load"] and len(w) > 2]
    needed += [w[3] for w in words if style == "mace" and w[:1] == ["pair_coeff"] and len(w) > 3]
    for file in needed:
        if not Path(file).is_file():
            raise FileNotFoundError(f"{file}, named in the pair include file {path}, does not exist")
    return path


def write_pair_include(path: str | os.PathLike, lines: list[str], comment: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {comment}\n" + "\n".join(lines) + "\n")
