"""The plumbing every rule shares: which package modules a script runs (the rule's code inputs), and
the job setup that sends warnings to the rule's log."""

import logging
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT
from solidbench.code_inputs import PACKAGE_DIR, package_modules
from solidbench.job import setup_job

SCRIPTS = ROOT / "workflow" / "scripts"


def import_lines(script: Path) -> str:
    return "\n".join(line for line in script.read_text().splitlines() if line.startswith("from solidbench"))


def loaded_modules(imports: str) -> set[Path]:
    """The solidbench modules Python itself loads when it runs these import lines."""
    probe = imports + "\nimport sys\nprint('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.split('.')[0] == 'solidbench'))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return {Path(line) for line in out.split()}


@pytest.mark.parametrize("name", ["vacancy_hop_md", "phonons_T", "evaluate_mace", "summary"])
def test_code_inputs_cover_what_python_loads(name):
    """The modules Python loads at a script's imports are all among the rule's code inputs; the inputs
    may hold more (imports inside functions run only when called). Scripts of every part of the
    package, one interpreter each (a few seconds apiece)."""
    script = SCRIPTS / f"{name}.py"
    inputs = set(package_modules(script))
    assert loaded_modules(import_lines(script)) <= inputs
    assert all(path.parent == PACKAGE_DIR and path.suffix == ".py" for path in inputs)


def test_code_inputs_follow_imports_inside_functions():
    # lattice.py imports calculator.py only inside the functions that need it
    assert PACKAGE_DIR / "calculator.py" in package_modules(SCRIPTS / "lattice_0K.py")
    # the LJ pair file needs nothing of the MD or MACE code
    assert [p.name for p in package_modules(SCRIPTS / "lj_pair_file.py")] == [
        "__init__.py", "job.py", "potentials.py"]


def test_config_validation_is_code_of_no_benchmark():
    """config.py checks configs when Snakemake parses the workflow; no job runs it, so an edit there
    (a new key) reruns nothing. The scripts import settings, which must not pull it in."""
    for script in SCRIPTS.glob("*.py"):
        assert PACKAGE_DIR / "config.py" not in package_modules(script), script.name


def test_warnings_reach_the_job_log_after_lammps_rewrites_it(tmp_path):
    log = tmp_path / "logs" / "job.log"
    log.parent.mkdir()
    log.write_text("left over from an earlier run\n")
    setup_job(SimpleNamespace(log=[str(log)], threads=1))
    logging.warning("before the MD")
    log.write_text("LAMMPS log\n")  # what `lmp -log` does to the same file
    logging.warning("the crystal lost FCC order")
    logging.getLogger().handlers[0].flush()
    assert log.read_text() == "LAMMPS log\nWARNING: the crystal lost FCC order\n"


def test_an_error_that_ends_the_job_reaches_its_log_and_stderr(tmp_path):
    log = tmp_path / "job.log"
    script = ("from types import SimpleNamespace\n"
              "from solidbench.job import setup_job\n"
              f"setup_job(SimpleNamespace(log=[{str(log)!r}], threads=1))\n"
              "raise ValueError('no element Xe in model.pt')\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 1
    for text in (log.read_text(), run.stderr):
        assert "Traceback" in text and "ValueError: no element Xe in model.pt" in text
    assert log.read_text().startswith("CRITICAL: the job failed")


def test_conda_environment_pins_match_requirements():
    """envs/solidbench.yaml pins what requirements.txt pins (torch: the Makefile's), so the two
    ways of installing give the same versions."""
    import re

    import yaml

    pins = dict(re.findall(r"^([\w.-]+)==(\S+)$", (ROOT / "requirements.txt").read_text(), re.MULTILINE))
    pins["torch"] = re.search(r"torch==(\S+)", (ROOT / "Makefile").read_text()).group(1)
    environment = yaml.safe_load((ROOT / "envs" / "solidbench.yaml").read_text())
    pip = next(entry["pip"] for entry in environment["dependencies"] if isinstance(entry, dict))
    for requirement in pip:
        name, version = re.fullmatch(r"([\w.-]+)(?:\[\w+\])?==(\S+)", requirement).groups()
        assert pins.get(name) == version, (requirement, pins.get(name))
