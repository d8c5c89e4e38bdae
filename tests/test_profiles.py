"""The SLURM profile's resources per job, read from a dry run on the tiny config (no SLURM needed):
every job keeps the profile's partition and memory, training and evaluation ask for a GPU, and the
MD and 0 K jobs stay on CPUs (the default model's compiled evaluator is faster there)."""

import re
import subprocess

from conftest import ROOT
from test_pipeline import snakemake_command

ON_GPU = {"train_mace", "evaluate_mace", "train_committee_member"}
ON_CPU = {"lattice_npt", "phonons_0K", "phonons_T", "vacancy_static", "vacancy_hop_md"}


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
    assert {rule for rule, _, _ in jobs} >= ON_GPU | ON_CPU
    for rule, wildcards, resources in jobs:
        where = f"{rule} {wildcards}"
        if rule in ON_GPU:
            assert resources.get("slurm_partition") == "gpu" and resources.get("gpu") == "1", where
        else:
            assert resources.get("slurm_partition") == "cpu" and resources.get("gpu", "0") == "0", where
        # the profile's memory, not the local profile's (Snakemake loads both)
        assert int(resources["mem_mb"]) >= 4000, where
