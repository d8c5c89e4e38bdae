"""End to end: the whole Snakemake pipeline on the tiny config (32-atom cells, one-epoch models of two
recipes with committees), then an external model added by a config edit."""

import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import torch
import yaml
from ase.io import read

from conftest import ROOT, assert_is_figure
from solidbench.code_inputs import package_modules
from solidbench.io import read_json
from solidbench.mace_model import model_e0s
from solidbench.results import SUMMARY_COLUMNS, UNITS, find_quantity


RUN_DIR = Path("results") / "tiny"  # config_tiny.yaml's run name


def snakemake_command(workdir, *extra_configfiles):
    return [str(Path(sys.executable).parent / "snakemake"), "--snakefile", str(ROOT / "Snakefile"), "--configfile",
            str(ROOT / "tests" / "config_tiny.yaml"), *map(str, extra_configfiles), "--directory", str(workdir),
            "--cores", "2"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("pipeline")
    snakemake = snakemake_command(workdir)
    proc = subprocess.run(snakemake, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return workdir, snakemake


@pytest.fixture(scope="module")
def external(run):
    """The finished run, plus an external MACE model added through a second config file: the dry run
    before it and the real run. The model is a copy of the tiny heating model (an untrained one heats
    up without bound in the hop MD, which stops the run as a blow-up)."""
    workdir, _ = run
    model = workdir / "argon.model"
    shutil.copyfile(workdir / RUN_DIR / "models" / "mace-heating" / "model.model", model)
    extra = workdir / "external.yaml"
    extra.write_text(f"external_models:\n  - {{name: external, path: {model}}}\n")
    command = snakemake_command(workdir, extra)
    dry = subprocess.run(command + ["-n"], capture_output=True, text=True)
    proc = subprocess.run(command, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return workdir, dry.stdout + dry.stderr


def test_summary_holds_the_contract(run):
    workdir, _ = run
    summary = pd.read_csv(workdir / RUN_DIR / "summary.csv")
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert set(summary["unit"]) <= UNITS
    assert all(math.isfinite(v) for v in summary["value"])
    # no quantity name carries a temperature: MD rows give it in the temperature column
    assert not summary["quantity"].str.contains(r"\d+K$").any()
    rows = {(r.potential, r.benchmark, r.quantity, None if pd.isna(r.temperature) else r.temperature): r
            for r in summary.itertuples()}
    for key in [("lj", "lattice", "lattice_constant", None), ("lj", "lattice", "cohesive_energy", None),
                ("mace-heating", "lattice", "isolated_atom_energy", None), ("mace-liquid", "lattice", "bulk_modulus", None),
                ("lj", "lattice", "lattice_constant_eos", None), ("mace-heating", "lattice", "bulk_modulus_derivative", None),
                ("lj", "lattice", "lattice_constant", 20), ("mace-heating", "lattice", "lattice_constant", None),
                ("mace-heating", "lattice", "fcc_order", 20),
                ("mace-heating", "training", "force_rmse_test", None), ("lj", "phonons_0K", "freq_X_LA", None),
                ("mace-heating", "phonons_0K", "hessian_asymmetry", None), ("mace-heating", "phonons_0K", "pdos_overlap", None),
                ("lj", "phonons_T", "pdos_mean_freq", 20), ("mace-heating", "phonons_T", "pdos_overlap", 20),
                ("lj", "vacancy_mep", "migration_barrier_string", None), ("lj", "vacancy_static", "vacancy_formation_energy", None),
                ("lj", "vacancy_md", "hop_rate", 150), ("lj", "vacancy_md", "tst_hop_rate", 170),
                ("mace-heating", "vacancy_md", "fcc_order", 170),
                ("mace-liquid", "training", "force_rmse_test", None), ("mace-liquid", "vacancy_mep", "migration_barrier_neb", None),
                ("mace-heating", "training", "committee_extrapolation_saddle", None),
                ("mace-liquid", "training", "committee_force_spread_train", None),
                ("lj", "elastic", "elastic_c44", None), ("mace-heating", "elastic", "cauchy_pressure", None),
                ("mace-heating", "vacancy_static", "divacancy_binding_energy", None),
                ("mace-liquid", "dimer", "dimer_min_energy", None), ("lj", "dimer", "dimer_min_distance", None),
                ("mace-heating", "dimer", "dimer_force_sign_changes", None),
                ("lj", "surfaces", "surface_energy_110", None), ("mace-liquid", "surfaces", "surface_energy_111", None),
                ("lj", "stacking_fault", "stacking_fault_us", None), ("mace-heating", "stacking_fault", "stacking_fault_isf", None),
                ("lj", "interstitial", "interstitial_migration_barrier", None),
                ("mace-heating", "interstitial", "interstitial_formation_octahedral", None)]:
        assert key in rows, key
    assert rows[("lj", "dimer", "dimer_force_sign_changes", None)].value == 1  # one well, nothing else
    # LJ is a pair potential at zero stress: its Cauchy pressure vanishes
    assert abs(rows[("lj", "elastic", "cauchy_pressure", None)].value) < 1e-3 * rows[("lj", "elastic", "elastic_c44", None)].value
    assert rows[("lj", "lattice", "lattice_constant", None)].unit == "angstrom"
    assert rows[("mace-heating", "training", "force_rmse_test", None)].unit == "eV/angstrom"
    assert 5.0 < rows[("lj", "lattice", "lattice_constant", None)].value < 5.5
    # the LJ X-point LA phonon of argon is near 2 THz
    assert 1.8 < rows[("lj", "phonons_0K", "freq_X_LA", None)].value < 2.2


def test_figures_exist(run):
    workdir, _ = run
    assert "| lattice | lattice_constant | – | angstrom |" in (workdir / RUN_DIR / "summary.md").read_text()
    for name in ("generalization_matrix.png", "lattice/eos.png", "phonons/phonons_0K.png", "phonons/pdos_T.png", "phonons/sed_20K.png",
                 "vacancy/migration_path.png", "vacancy/arrhenius.png", "dimer/dimer.png", "stacking_fault/gsf.png",
                 "novelty/error_vs_novelty.png", "selection/selection_curve.png"):
        assert_is_figure(workdir / RUN_DIR / name)
    # every 0 K row with configurations has its novelty; a training frame's environments are the closest
    rows = pd.read_csv(workdir / RUN_DIR / "novelty" / "error_vs_novelty.csv")
    assert set(rows["potential"]) == {"mace-heating", "mace-liquid", "mace-picked_r1"}
    assert {"surfaces", "stacking_fault", "interstitial", "dimer", "vacancy_static", "lattice"} <= set(rows["benchmark"])
    novelty = pd.read_csv(workdir / RUN_DIR / "novelty" / "mace-heating" / "novelty.csv").set_index("configuration")
    assert novelty.loc["crystal", "novelty_max"] < novelty.loc["dimer", "novelty_max"]


def test_model_outputs_exist(run):
    workdir, _ = run
    for recipe in ("heating", "liquid"):
        model_dir = workdir / RUN_DIR / "models" / f"mace-{recipe}"
        assert_is_figure(model_dir / "parity.png")
        assert read_json(model_dir / "errors.json")["potential"] == f"mace-{recipe}"
        for name in ("model.model", "committee/member1.model"):
            assert model_e0s(model_dir / name), name  # a mace-torch model with its E0s
    # the liquid recipe overrides r_max (4.5 A against the global 5.0), and the exported model has it
    for recipe, r_max in (("heating", 5.0), ("liquid", 4.5)):
        exported = torch.jit.load(workdir / RUN_DIR / "models" / f"mace-{recipe}" / "model-lammps.pt")
        assert exported.r_max.item() == pytest.approx(r_max)
    # the vacancy-augmented seed holds 31-atom frames; the others 32
    frames = (workdir / RUN_DIR / "training" / "heating" / "seed11.extxyz").read_text()
    assert frames.startswith("31\n")


def test_a_selection_round_adds_the_chosen_frames_labelled_by_lj(run):
    """picked_r1: the committee (heating's model and member 1) scored the pool of mace-heating's MD
    (from three relaxed LJ structures and one interstitial start); its two most uncertain eligible
    frames, labelled by LJ, follow heating's training frames."""
    workdir, _ = run
    results = workdir / RUN_DIR
    table = pd.read_csv(results / "training" / "picked_r1" / "selection.csv")
    assert set(table["configuration"]) == {"relaxed vacancy", "(111) slab", "dumbbell_100", "dumbbell_100 start"}
    assert len(table) == 4 * 4 and table["chosen"].sum() == 2  # 4 steps dumped every step, one temperature
    # the benchmark's unrelaxed start: 2 x 2 x 2 cells plus one atom, beside LJ's relaxed dumbbell
    pool = read(workdir / RUN_DIR / "selection" / "mace-heating" / "pool.extxyz", ":")
    assert {len(a) for a in pool if a.info["configuration"] == "dumbbell_100 start"} == {33}
    eligible = table[table["eligible"]]
    assert table.loc[eligible["disagreement"].idxmax(), "chosen"] and (table["disagreement"] > 0).all()
    base = read(results / "training" / "heating" / "train.extxyz", ":")
    train = read(results / "training" / "picked_r1" / "train.extxyz", ":")
    assert len(train) == len(base) + 2 and [a.info["config_type"] for a in train[-2:]] == ["picked_r1"] * 2
    assert read(results / "training" / "picked_r1" / "test.extxyz", ":")[0].info["REF_energy"] == \
        read(results / "training" / "heating" / "test.extxyz", ":")[0].info["REF_energy"]
    curve = pd.read_csv(results / "selection" / "selection_curve.csv")
    assert set(curve["round"]) == {0, 1} and set(curve["frames_added"]) == {0, 2}
    assert set(curve["potential"]) == {"mace-heating", "mace-picked_r1"}


def test_every_job_is_timed(run, tmp_path):
    """Snakemake's `benchmark:` file of every job, summed per rule by benchmarks/stage_times.py."""
    workdir, _ = run
    out = tmp_path / "stage_times.json"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "stage_times.py"), str(workdir / RUN_DIR), "--out", str(out)],
                   check=True, capture_output=True)
    times = json.loads(out.read_text())
    rules, potentials = times["rules"], times["potentials"]
    assert rules["vacancy_hop_md"]["jobs"] == 4 * 2 and rules["train_mace"]["jobs"] == 3
    assert rules["vacancy_hop_md"]["seconds"] > 0 and rules["train_mace"]["max_rss_mb"] > 100
    # every job counted once, split by the potential its file names
    assert sum(t["jobs"] for t in potentials.values()) == sum(t["jobs"] for t in rules.values())
    assert potentials["lj"]["jobs"] > 0 and potentials["shared"]["jobs"] > 0
    assert {"mace-heating", "mace-liquid", "mace-picked_r1"} <= set(potentials)


def test_energy_reference(run):
    """mace-heating is trained with LJ's isolated-atom energy (E0s: reference), mace-liquid with mace-torch's
    average (E0s: average). The isolated atom run through pair_style mace in LAMMPS must find each model's
    stored E0, and the cohesive energy must be measured from it: for mace-liquid it is not -E/N."""
    workdir, _ = run
    results = workdir / RUN_DIR
    summary = pd.read_csv(results / "summary.csv").set_index(["potential", "quantity"])["value"]
    assert summary[("lj", "isolated_atom_energy")] == 0.0
    stored = {recipe: model_e0s(results / "models" / f"mace-{recipe}" / "model.model")[18]
              for recipe in ("heating", "liquid")}
    assert stored["heating"] == summary[("lj", "isolated_atom_energy")]
    assert model_e0s(results / "models" / "mace-heating" / "committee" / "member1.model")[18] == stored["heating"]
    for recipe in ("heating", "liquid"):  # the exported model is float32: E0 to ~1e-8 eV
        assert summary[(f"mace-{recipe}", "isolated_atom_energy")] == pytest.approx(stored[recipe], abs=1e-6)
    # the average E0 is a mean energy per atom of the liquid frames, tens of meV below LJ's isolated atom
    energies = [atoms.info["REF_energy"] / len(atoms) for atoms in read(results / "training" / "liquid" / "train.extxyz", ":")]
    assert min(energies) <= stored["liquid"] <= max(energies) < -0.01
    # cohesive energy = E(isolated atom) - E/N: it catches the wrong E0, which -E/N alone would not
    lattice = read_json(results / "lattice" / "mace-liquid" / "lattice_0K.json")
    cohesive = find_quantity(lattice["quantities"], "cohesive_energy")["value"]
    assert cohesive == pytest.approx(stored["liquid"] - lattice["energy_per_atom"], abs=1e-6)
    assert abs(cohesive - (-lattice["energy_per_atom"])) > 0.01


def test_nothing_left_to_do_and_single_target_rebuilds(run):
    workdir, snakemake = run
    dry = subprocess.run(snakemake + ["-n"], capture_output=True, text=True)
    assert "Nothing to be done" in dry.stdout + dry.stderr
    target = workdir / RUN_DIR / "vacancy" / "migration_path.png"  # a leaf: rebuilding it reruns nothing else
    target.unlink()
    proc = subprocess.run(snakemake + [str(target.relative_to(workdir))], capture_output=True, text=True)
    assert proc.returncode == 0 and target.exists()


def test_restating_a_default_reruns_nothing(run, tmp_path):
    """A config file that restates one key of a block the run took from config.yaml (the tiny config
    sets no `eos`) changes no setting, so it plans no job: Snakemake compares params by their repr,
    and the merge would otherwise move the restated key first in its block."""
    workdir, _ = run
    default_form = yaml.safe_load((ROOT / "config.yaml").read_text())["eos"]["form"]
    restated = tmp_path / "restated.yaml"
    restated.write_text(yaml.safe_dump({"eos": {"form": default_form}}))
    dry = subprocess.run(snakemake_command(workdir, restated) + ["-n"], capture_output=True, text=True)
    assert "Nothing to be done" in dry.stdout + dry.stderr, dry.stdout[-3000:]


def job_counts(dry_run_output: str) -> dict[str, int]:
    """The `Job stats` table of a Snakemake dry run: rule -> number of jobs."""
    assert "Job stats:" in dry_run_output, dry_run_output[-2000:]
    table = dry_run_output.split("Job stats:")[1].split("total")[0]
    return {fields[0]: int(fields[1]) for fields in map(str.split, table.splitlines()) if len(fields) == 2
            and fields[1].isdigit()}


def test_editing_a_module_reruns_its_jobs_only(run):
    """Editing hops.py plans the jobs whose scripts import it, and the tables and figures built from
    them; nothing else. (Snakemake compares checksums, so the edit must change the content; the
    file is restored byte for byte.)"""
    workdir, snakemake = run
    module = ROOT / "src" / "solidbench" / "hops.py"
    importers = {script.stem for script in (ROOT / "workflow" / "scripts").glob("*.py")
                 if module in package_modules(script)}
    assert importers == {"vacancy_hop_md", "vacancy_hop_rates"}
    original, stat = module.read_bytes(), module.stat()
    try:
        module.write_bytes(original + b"# an edit\n")
        dry = subprocess.run(snakemake + ["-n"], capture_output=True, text=True)
    finally:
        module.write_bytes(original)
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    planned = job_counts(dry.stdout)
    assert set(planned) == importers | {"plot_arrhenius", "summary", "generalization_matrix", "plot_error_vs_novelty",
                                        "selection_curve", "all"}, planned
    assert planned["vacancy_hop_md"] == 4 * 2  # every potential at both temperatures
    assert "Nothing to be done" in subprocess.run(snakemake + ["-n"], capture_output=True, text=True).stdout


def test_runs_with_other_names_coexist(run):
    """A second run name writes under its own results/<run>/ and saves its merged config there; the
    first run's files are untouched and it has nothing to redo."""
    workdir, snakemake = run
    tiny = workdir / RUN_DIR
    stamps = {path: path.stat().st_mtime_ns for path in tiny.rglob("*") if path.is_file()}
    target = "results/other/lattice/lj/lattice_0K.json"
    proc = subprocess.run(snakemake + ["--config", "run=other", "--", target], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (workdir / target).exists()
    assert yaml.safe_load((workdir / "results" / "other" / "config.yaml").read_text())["run"] == "other"
    assert yaml.safe_load((tiny / "config.yaml").read_text())["run"] == "tiny"
    assert {path: path.stat().st_mtime_ns for path in tiny.rglob("*") if path.is_file()} == stamps
    assert "Nothing to be done" in subprocess.run(snakemake + ["-n"], capture_output=True, text=True).stdout


def planned_outputs(dry_run_output: str) -> list[str]:
    """The output files of every job a Snakemake dry run plans."""
    return [path.strip() for line in dry_run_output.splitlines() if line.strip().startswith("output:")
            for path in line.split(":", 1)[1].split(",")]


def one_more_training_seed(config: dict) -> dict:
    config["training_sets"][0]["train_seeds"].append(3)  # heating's
    return {"training_sets": config["training_sets"]}


def one_more_recipe(config: dict) -> dict:
    extra = {**config["training_sets"][0], "name": "extra", "train_seeds": [1], "test_seeds": [101]}
    extra.pop("augment")
    return {"training_sets": config["training_sets"] + [extra]}


@pytest.mark.parametrize("edit, new_jobs, untouched", [
    # a temperature more: its NPT and spectra jobs for each potential, and what is built from them
    (lambda c: {"lattice_md": {"temperatures": [20, 30]}}, {"lattice_npt": 4, "phonons_T": 4, "phonons_T_vs_lj": 3},
     r"_20K"),
    (lambda c: {"vacancy": {"md": {"temperatures": [150, 170, 190]}}}, {"vacancy_hop_md": 4, "vacancy_hop_rates": 4},
     r"_(150|170)K"),
    # a training seed more: that seed's frames, then the recipe's model, the selection recipe built on
    # it (pool, choice, model) and what uses them
    (one_more_training_seed, {"training_frames": 1, "train_mace": 2, "selection_pool": 1, "select_frames": 1},
     r"liquid|/lj/"),
    # a recipe more: its frames, model and benchmarks, nothing of the others or of LJ
    (one_more_recipe, {"training_frames": 2, "train_mace": 1, "vacancy_hop_md": 2}, r"heating|liquid|/lj/"),
])
def test_adding_a_list_entry_plans_only_its_jobs(run, tmp_path, edit, new_jobs, untouched):
    """Each list that multiplies jobs: one entry more plans the new jobs and what depends on them,
    and no job whose output matches `untouched` (another temperature's MD, another recipe, LJ)."""
    workdir, _ = run
    extra = tmp_path / "extra.yaml"
    extra.write_text(yaml.safe_dump(edit(yaml.safe_load((ROOT / "tests" / "config_tiny.yaml").read_text()))))
    dry = subprocess.run(snakemake_command(workdir, extra) + ["-n"], capture_output=True, text=True)
    planned = job_counts(dry.stdout)
    for rule, count in new_jobs.items():
        assert planned.get(rule) == count, (rule, planned)
    touched = [out for out in planned_outputs(dry.stdout) if re.search(untouched, out)]
    assert not touched, touched


def test_removing_a_temperature_reruns_no_md(run, tmp_path):
    """One hop-MD temperature fewer: only the fits and tables built from the remaining ones rerun."""
    workdir, _ = run
    extra = tmp_path / "fewer.yaml"
    extra.write_text(yaml.safe_dump({"vacancy": {"md": {"temperatures": [170]}}, "lattice_md": {"temperatures": [20]}}))
    dry = subprocess.run(snakemake_command(workdir, extra) + ["-n"], capture_output=True, text=True)
    planned = job_counts(dry.stdout) if "Job stats:" in dry.stdout else {}
    assert not {"vacancy_hop_md", "lattice_npt", "phonons_T", "train_mace", "training_frames"} & set(planned), planned


def test_mlff_md_runs_the_evaluator_its_model_allows(run):
    """The one-layer heating model has tables and its MD runs the plugin's compiled evaluator; the
    liquid recipe's two-layer model has none and runs the TorchScript model, and its log says why."""
    workdir, _ = run
    models, logs = workdir / RUN_DIR / "models", workdir / RUN_DIR / "logs" / "vacancy"
    assert (models / "mace-heating" / "model-lammps.tables").stat().st_size > 0
    assert not (models / "mace-liquid" / "model-lammps.tables").exists()
    assert "compiled one-layer evaluator from" in (logs / "mace-heating_md_150K.lammps.log").read_text()
    liquid = (logs / "mace-liquid_md_150K.lammps.log").read_text()
    assert "running the TorchScript model (no tables" in liquid and "compiled one-layer evaluator from" not in liquid


def test_a_copied_run_reruns_an_mlff_target(run, tmp_path):
    """results/<run>/ copied to another working directory (with the plugin build): its pair files name
    the model relative to themselves, so an MLFF target rebuilt there uses the copy's model."""
    workdir, _ = run
    copy = tmp_path / "copy"
    shutil.copytree(workdir / RUN_DIR, copy / RUN_DIR)
    shutil.copytree(workdir / "build", copy / "build")
    pair = (copy / RUN_DIR / "potentials" / "mace-heating" / "pair.lmp").read_text()
    assert str(workdir) not in pair
    target = copy / RUN_DIR / "lattice" / "mace-heating" / "lattice_0K.json"
    target.unlink()
    proc = subprocess.run(snakemake_command(copy) + [str(target.relative_to(copy))], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert target.exists()
    log = (copy / RUN_DIR / "logs" / "lattice" / "mace-heating_0K.lammps.log").read_text()
    assert f"{copy / RUN_DIR / 'models' / 'mace-heating'}" in log


def test_report_builds_without_docutils_messages(run, tmp_path):
    """`snakemake --report` renders every caption; a caption that docutils cannot parse (an RST
    substitution by accident, say) shows up as a system message in the page."""
    workdir, snakemake = run
    report = tmp_path / "report.html"
    proc = subprocess.run(snakemake + ["--report", str(report)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    text = report.read_text(errors="replace")
    assert "Generalization" in text or "generalization" in text
    for marker in ("System Message", "system-message", "Undefined substitution"):
        assert marker not in text, marker


def lammps_running(log: Path) -> bool:
    """Whether an `lmp` process writing this log is running."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if args[0].endswith(b"lmp") and str(log.resolve()).encode() in args:
            return True
    return False


def test_killed_mlff_md_resumes(run):
    """Kill the pipeline (SIGKILL to Snakemake and its jobs, as a node failure does) while an MLFF hop MD
    job is inside LAMMPS: after `--unlock`, the rerun plans that job and what is built from it, nothing
    else, and completes. The run starts from where a first run is before that job: its result and
    everything built from it not yet there (Snakemake does not rebuild a missing intermediate file
    whose products are up to date)."""
    workdir, snakemake = run
    results = workdir / RUN_DIR
    target = results / "vacancy" / "mace-heating" / "hops_170K.json"
    for path in (target, results / "vacancy" / "mace-heating" / "vacancy_md.json", results / "vacancy" / "arrhenius.png",
                 results / "summary.csv", results / "comparison.csv", results / "summary.md",
                 results / "generalization_matrix.png"):
        path.unlink(missing_ok=path != target)
    proc = subprocess.Popen(snakemake, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    log = results / "logs" / "vacancy" / "mace-heating_md_170K.lammps.log"
    while not lammps_running(log) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.02)
    # at once: the tiny hop MD through the compiled evaluator takes well under a second, most of it
    # LAMMPS loading the plugin and libtorch
    assert proc.poll() is None, "the hop MD job ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not target.exists()
    # a killed Snakemake leaves its lock and says so; --unlock is the way on
    locked = subprocess.run(snakemake + ["-n"], capture_output=True, text=True)
    assert "Directory cannot be locked" in locked.stdout + locked.stderr
    subprocess.run(snakemake + ["--unlock"], capture_output=True, check=True)
    dry = subprocess.run(snakemake + ["-n"], capture_output=True, text=True)
    planned = job_counts(dry.stdout)
    assert planned == {"vacancy_hop_md": 1, "vacancy_hop_rates": 1, "plot_arrhenius": 1, "summary": 1,
                       "generalization_matrix": 1, "plot_error_vs_novelty": 1, "selection_curve": 1, "all": 1}, planned
    assert "potential=mace-heating, T=170" in dry.stdout
    rerun = subprocess.run(snakemake, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stdout[-3000:] + rerun.stderr[-3000:]
    assert target.exists()
    assert "Nothing to be done" in subprocess.run(snakemake + ["-n"], capture_output=True, text=True).stdout


def test_external_model_is_a_config_edit(external):
    workdir, dry = external
    # the dry run plans jobs for the new model and the tables and figures that list every model, and
    # nothing for the models and reference already done
    assert "potential=mace-external" in dry and "import_external_model" in dry
    for done in ("potential=lj", "potential=mace-heating", "potential=mace-liquid", "recipe=", "train_mace"):
        assert done not in dry, done
    summary = pd.read_csv(workdir / RUN_DIR / "summary.csv")
    external_rows = summary[summary["potential"] == "mace-external"]
    assert {"lattice", "phonons_0K", "phonons_T", "vacancy_static", "vacancy_mep", "vacancy_md"} <= set(external_rows["benchmark"])
    assert "mace-external" in (workdir / RUN_DIR / "summary.md").read_text()
