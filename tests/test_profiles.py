"""The SLURM profile's resources per job, read from a dry run on the tiny config (no SLURM needed):
every job keeps the profile's partition and memory, training asks for a GPU, and the jobs that
evaluate a MACE model ask for one where LJ's jobs of the same rules do not."""

import re
import subprocess

from conftest import ROOT
from test_pipeline import snakemake_command

ALWAYS_ON_GPU = {"train_mace", "evaluate_mace", "train_committee_member"}
MACE_ON_GPU = {"lattice_npt", "phonons_0K", "phonons_T", "vacancy_static", "vacancy_hop_md"}


def on_gpu(rule: str, potential: str | None) -> bool:
    """Whether the profile sends a job of `rule` for `potential` to the GPU partition."""
    return rule in ALWAYS_ON_GPU or (rule in MACE_ON_GPU and potential != "lj")


def slurm_command(workdir, *extra_configfiles):
    """The tiny pipeline through the shipped profile; only the first status check comes sooner than
    the profile's 40 s, so that the test does not wait on a one-second job."""
    local = snakemake_command(workdir, *extra_configfiles)
    assert local[-2:] == ["--cores", "2"]
    return local[:-2] + ["--profile", str(ROOT / "profiles" / "slurm"), "--slurm-init-seconds-before-status-checks", "5"]


def planned_jobs(listing: str) -> list[tuple[str, dict, dict]]:
    """(rule, wildcards, resources) of every job in a dry run's listing."""
    jobs = []
    for block in re.split(r"\n(?=(?:local)?rule \w+:)", listing):
        rule = re.match(r"(?:local)?rule (\w+):", block)
        if rule is None:
            continue
        fields = {}
        for name in ("wildcards", "resources"):
            line = re.search(rf"^\s+{name}: (.*)$", block, re.MULTILINE)
            fields[name] = dict(item.split("=", 1) for item in line.group(1).split(", ")) if line else {}
        jobs.append((rule.group(1), fields["wildcards"], fields["resources"]))
    return jobs


def test_slurm_profile_resources_per_job(tmp_path):
    proc = subprocess.run(slurm_command(tmp_path) + ["-n", "--forceall"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    jobs = [job for job in planned_jobs(proc.stdout) if job[0] != "all"]
    assert {rule for rule, _, _ in jobs} >= ALWAYS_ON_GPU | MACE_ON_GPU
    for rule, wildcards, resources in jobs:
        where = f"{rule} {wildcards}"
        if on_gpu(rule, wildcards.get("potential")):
            assert resources.get("slurm_partition") == "gpu" and resources.get("gpu") == "1", where
        else:
            assert resources.get("slurm_partition") == "cpu" and resources.get("gpu", "0") == "0", where
        # the profile's memory, not the local profile's (Snakemake loads both)
        assert int(resources["mem_mb"]) >= 4000, where
