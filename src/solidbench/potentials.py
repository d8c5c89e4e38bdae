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
                    domain_decomposition: bool = False, relative_to: str | os.PathLike | None = None,
                    evaluator: str | None = None) -> list[str]:
    """`pair_style mace` lines in the established syntax; `plugin load` only when a plugin is given.
    Without domain decomposition the style runs on one MPI rank and evaluates no ghost atom; with
    it, on any number of ranks, at the cost of a ghost shell num_interactions * r_max wide.
    With `relative_to` (the pair file's folder), the files are named relative to it, so that a
    results folder can be moved or copied: `resolved_pair_lines` makes them absolute at job time.
    `evaluator` ("tables" or "torchscript") forces the plugin's evaluator; by default it picks."""

    def name(path):
        path = Path(path).resolve()
        return os.path.relpath(path, Path(relative_to).resolve()) if relative_to is not None else str(path)

    lines = []
    if plugin is not None:
        lines.append(f"plugin load {name(plugin)}")
    lines += ["pair_style mace" + ("" if domain_decomposition else " no_domain_decomposition")
              + (f" evaluator {evaluator}" if evaluator else ""),
              f"pair_coeff * * {name(model)} {' '.join(elements)}"]
    return lines


def resolved_pair_lines(path: str | os.PathLike) -> list[str]:
    """The lines of a pair include file with the files it loads (plugin, MACE model) as absolute
    paths, a relative one taken from the file's own folder. Fails early, naming the pair file, when
    it or a file it loads is missing (LAMMPS itself would only name the missing file)."""
    path = Path(path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"pair include file {path} does not exist")
    lines = path.read_text().splitlines()
    style = next((w[1] for w in map(str.split, lines) if len(w) > 1 and w[0] == "pair_style"), None)
    resolved = []
    for line in lines:
        words = line.split()
        position = 2 if words[:2] == ["plugin", "load"] else 3 if style == "mace" and words[:1] == ["pair_coeff"] else None
        if position is not None and len(words) > position:
            file = (path.parent / words[position]).resolve()
            if not file.is_file():
                raise FileNotFoundError(f"{words[position]}, named in the pair include file {path}, does not exist "
                                        f"(looked for {file})")
            words[position] = str(file)
            line = " ".join(words)
        resolved.append(line)
    return resolved


def write_pair_include(path: str | os.PathLike, lines: list[str], comment: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {comment}\n" + "\n".join(lines) + "\n")
