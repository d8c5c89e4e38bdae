"""The SLURM profile against a real SLURM: tests/slurm/start_slurm.sh installs and starts a single-node
controller and node from Debian's packages, then the tiny pipeline runs through `--profile
profiles/slurm`. Not part of `make test` (it needs root and about 20 min on 2 cores):

    .venv/bin/python -m pytest -m slurm tests/test_slurm.py
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from test_pipeline import RUN_DIR, snakemake_command
from test_profiles import ON_GPU, slurm_command

pytestmark = pytest.mark.slurm
SLURMCTLD_LOG = Path("/var/log/slurm/slurmctld.log")


@pytest.fixture(scope="module")
def slurm():
    if os.geteuid() != 0:
        pytest.fail("the SLURM test installs and starts SLURM's daemons: run it as root")
    subprocess.run([str(ROOT / "tests" / "slurm" / "start_slurm.sh")], check=True)


def submitted_jobs(output: str) -> list[str]:
    return re.findall(r"has been submitted with SLURM jobid (\d+)", output)


def result_files(workdir: Path) -> set[str]:
    """Every file a run wrote under its results, except logs (SLURM adds its own)."""
    results = workdir / RUN_DIR
    return {str(p.relative_to(results)) for p in results.rglob("*") if p.is_file() and p.parts[len(results.parts)] != "logs"}


def test_failing_job_fails_the_run(slurm, tmp_path):
    """A job that fails inside SLURM (an external model file that is not a model) stops the run with
    an error, and the job's SLURM log says why."""
    broken = tmp_path / "broken.model"
    broken.write_text("not a model\n")
    extra = tmp_path / "broken.yaml"
    extra.write_text(f"external_models:\n  - {{name: broken, path: {broken}}}\n")
    target = str(RUN_DIR / "models" / "mace-broken" / "model.model")
    proc = subprocess.run(slurm_command(tmp_path, extra) + ["--", target], capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output[-3000:]
    assert len(submitted_jobs(output)) == 1, output[-3000:]
    job_logs = list((tmp_path / ".snakemake" / "slurm_logs").rglob("*.log"))
    assert any("is not a mace-torch model file" in log.read_text() for log in job_logs), job_logs
    assert not (tmp_path / target).exists()


def test_tiny_pipeline_through_slurm(slurm, tmp_path_factory):
    """Every job but the local `all` goes through sbatch and completes with exit 0 in SLURM's own log,
    and the results hold the same files as a local run of the same config."""
    local, remote = tmp_path_factory.mktemp("local"), tmp_path_factory.mktemp("slurm")
    proc = subprocess.run(snakemake_command(local), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    proc = subprocess.run(slurm_command(remote), capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    jobs = submitted_jobs(output)
    steps = int(re.findall(r"(\d+) of \d+ steps \(100%\) done", output)[-1])
    assert len(jobs) == steps - 1 and len(set(jobs)) == len(jobs)  # all but `all`
    controller = SLURMCTLD_LOG.read_text()
    for job in jobs:
        assert re.search(rf"_job_complete: JobId={job} WEXITSTATUS 0", controller), job
    # the partition each job ran in, against the profile: a GPU for training and evaluation, CPUs
    # for everything else (log path .../rule_<rule>/<wildcards>/<jobid>.log)
    partition = dict(re.findall(r"sched: Allocate JobId=(\d+) .*Partition=(\w+)", controller)
                     + re.findall(r"sched/backfill: _start_job: Started JobId=(\d+) in (\w+) on", controller))
    checked = 0
    for job, rule, wildcards in re.findall(r"submitted with SLURM jobid (\d+) \(log: \S*/rule_(\w+)/([^/]*)/", output):
        gpu = rule in ON_GPU
        assert partition[job] == ("gpu" if gpu else "cpu"), (rule, wildcards)
        checked += gpu
    assert checked >= len(ON_GPU)
    assert result_files(remote) == result_files(local)
    dry = subprocess.run(slurm_command(remote) + ["-n"], capture_output=True, text=True)
    assert "Nothing to be done" in dry.stdout + dry.stderr
