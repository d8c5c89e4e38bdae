"""MACE training with mace-torch's own `mace_run_train`, export for `pair_style mace`, and
held-out evaluation with mace-torch's `MACECalculator`."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

from .io import write_csv
from .results import quantity, result_value, write_result


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else name


def torch_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def e0s_argument(choice: str, element: str, isolated_atom_energy: float) -> str:
    """`--E0s` of `mace_run_train`: the model's isolated-atom energy. `reference` fixes it at the
    reference potential's isolated-atom energy, so the model's cohesive energy is measured from the
    same zero as LJ's; `average` lets mace-torch fit it to the training frames' mean energy per atom,
    which for crystal-only data leaves the crystal barely bound (README: "The energy reference")."""
    from ase.data import atomic_numbers

    if choice == "average":
        return "average"
    if choice == "reference":
        return repr({atomic_numbers[element]: float(isolated_atom_energy)})
    raise ValueError(f"mace.E0s must be 'reference' or 'average', not {choice!r}")


def train_arguments(hyper: dict, name: str, train_file, workdir, device: str, e0s: str) -> list[str]:
    """Command line of `mace_run_train` for the hyperparameters of config.yaml's `mace` block;
    `e0s` from `e0s_argument`."""
    radial_mlp = "[" + ",".join(str(n) for n in hyper["radial_mlp"]) + "]"
    return [
        _tool("mace_run_train"), f"--name={name}", f"--work_dir={workdir}",
        f"--train_file={train_file}", f"--valid_fraction={hyper['valid_fraction']}",
        "--energy_key=REF_energy", "--forces_key=REF_forces", "--stress_key=REF_stress",
        f"--E0s={e0s}", "--model=MACE", "--scaling=rms_forces_scaling",
        f"--r_max={hyper['r_max']}", f"--num_channels={hyper['num_channels']}", f"--max_L={hyper['max_L']}",
        f"--max_ell={hyper['max_ell']}", f"--correlation={hyper['correlation']}",
        f"--num_interactions={hyper['num_interactions']}", f"--num_radial_basis={hyper['num_radial_basis']}",
        f"--radial_MLP={radial_mlp}", f"--batch_size={hyper['batch_size']}",
        f"--valid_batch_size={hyper['batch_size']}", f"--max_num_epochs={hyper['epochs']}",
        f"--lr={hyper['lr']}", "--loss=weighted" if hyper["stress_weight"] == 0 else "--loss=stress",
        f"--energy_weight={hyper['energy_weight']}", f"--forces_weight={hyper['forces_weight']}",
        f"--stress_weight={hyper['stress_weight']}", f"--default_dtype={hyper['train_dtype']}",
        f"--device={device}", f"--seed={hyper['seed']}", "--ema", "--eval_interval=1",
        "--error_table=PerAtomRMSE", "--plot=False", "--save_cpu",
    ]


def train(hyper: dict, train_file, model_out, log, e0s: str, threads: int = 1) -> None:
    """Train with `mace_run_train` (its work files beside `model_out`) and move the model to `model_out`."""
    model_out = Path(model_out)
    workdir = model_out.parent / f"{model_out.stem}_mace_run"
    if workdir.exists():
        shutil.rmtree(workdir)  # a half-finished earlier run must not be resumed silently
    workdir.mkdir(parents=True)
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    with open(log, "w") as handle:
        command = train_arguments(hyper, "model", Path(train_file).resolve(), workdir.resolve(), torch_device(), e0s)
        handle.write(" ".join(command) + "\n")
        handle.flush()
        proc = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, env=env)
        if proc.returncode != 0:
            raise RuntimeError(f"mace_run_train failed for {train_file} (log: {log})")
    trained = workdir / "model.model"
    if not trained.exists():
        raise RuntimeError(f"mace_run_train finished without writing {trained} (log: {log})")
    os.replace(trained, model_out)


def train_with_reference(hyper: dict, element: str, reference_atom_json, train_file, model_out, log,
                         threads: int = 1) -> None:
    """`train` with the E0s that `hyper["E0s"]` asks for; with `reference`, the isolated-atom energy
    of the reference potential (its lattice benchmark's isolated_atom.json), checked in the saved model."""
    e_reference = result_value(reference_atom_json, "isolated_atom_energy")
    train(hyper, train_file, model_out, log, e0s_argument(hyper["E0s"], element, e_reference), threads=threads)
    if hyper["E0s"] == "reference":
        from ase.data import atomic_numbers

        stored = model_e0s(model_out)[atomic_numbers[element]]
        if abs(stored - e_reference) > 1e-9:
            raise RuntimeError(f"{model_out}: mace_run_train stored E0 = {stored} eV for {element}, not the reference's "
                               f"{e_reference} eV (log: {log})")


def model_e0s(model_file) -> dict[int, float]:
    """The isolated-atom energies (E0s) a mace-torch model file carries, by atomic number."""
    import torch

    model = torch.load(model_file, map_location="cpu", weights_only=False)
    energies = model.atomic_energies_fn.atomic_energies.detach().cpu().numpy().reshape(-1)
    return {int(z): float(e) for z, e in zip(model.atomic_numbers, energies)}


def model_elements(model_file) -> list[int]:
    """Atomic numbers a mace-torch model was trained on; a clear error for anything else."""
    import torch

    try:
        model = torch.load(model_file, map_location="cpu", weights_only=False)
        return [int(z) for z in model.atomic_numbers]
    except Exception as error:  # torch raises many kinds for a file that is not a model
        raise ValueError(f"{model_file} is not a mace-torch model file: {error}") from error


def import_external_model(model_file, element: str, md_dtype: str, model_out, lammps_model_out) -> None:
    """Check that a user's MACE model knows `element`, copy it and export it for pair_style mace."""
    from ase.data import atomic_numbers

    known = model_elements(model_file)
    if atomic_numbers[element] not in known:
        raise ValueError(f"{model_file}: the model knows atomic numbers {known}, not {element} "
                         f"(Z = {atomic_numbers[element]})")
    Path(model_out).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(f"{model_out}.tmp")
    shutil.copyfile(model_file, tmp)
    os.replace(tmp, model_out)
    export_for_lammps(model_out, md_dtype, lammps_model_out)


def export_for_lammps(model_file, dtype: str, out) -> None:
    """TorchScript model for `pair_style mace` from mace-torch's `mace_create_lammps_model`,
    which writes `<model_file>-lammps.pt`; moved to `out`. For a one-layer model, also the tables
    of the plugin's compiled CPU evaluator beside it (`mace_tables.tables_path(out)`); any other
    model runs as TorchScript, and the log says why."""
    from .mace_tables import UnsupportedModel, tables_path, write_tables

    proc = subprocess.run([_tool("mace_create_lammps_model"), str(model_file), f"--dtype={dtype}"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"mace_create_lammps_model failed on {model_file}: {proc.stderr[-2000:]}")
    tables_path(out).unlink(missing_ok=True)  # tables of an earlier model must not outlive it
    os.replace(f"{model_file}-lammps.pt", out)
    try:
        written = write_tables(model_file, out, dtype)
        logging.info(f"{written}: tables for the compiled evaluator of pair_style mace")
    except UnsupportedModel as why:
        logging.info(f"{model_file}: no compiled evaluator ({why}); pair_style mace runs the TorchScript model")


def force_errors(reference: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Component-wise force RMSE and MAE, and the RMS of the reference force components."""
    diff = np.asarray(predicted) - np.asarray(reference)
    return {"rmse": float(np.sqrt(np.mean(diff**2))), "mae": float(np.mean(np.abs(diff))),
            "rms_reference": float(np.sqrt(np.mean(np.asarray(reference) ** 2)))}


def predict_frames(frames, calculator) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Labelled extxyz frames against a calculator: energies per atom (reference, predicted) and
    force components stacked over all frames (reference, predicted)."""
    e_ref, e_pred, f_ref, f_pred = [], [], [], []
    for atoms in frames:
        n = len(atoms)
        e_ref.append(atoms.info["REF_energy"] / n)
        f_ref.append(atoms.arrays["REF_forces"])
        atoms = atoms.copy()
        atoms.calc = calculator
        e_pred.append(atoms.get_potential_energy() / n)
        f_pred.append(atoms.get_forces())
    return np.array(e_ref), np.array(e_pred), np.concatenate(f_ref), np.concatenate(f_pred)


def evaluate(model_file, test_file, potential: str, out_json, out_parity_csv) -> list[dict]:
    """Held-out energy and force errors of a MACE model on labelled extxyz frames (JSON), and the
    predictions beside the labels (CSV: one row per energy and per force component)."""
    import pandas as pd
    from ase.io import read
    from mace.calculators import MACECalculator

    frames = read(test_file, index=":")
    calc = MACECalculator(model_paths=str(model_file), device=torch_device(), default_dtype="float64")
    e_ref, e_pred, f_ref, f_pred = predict_frames(frames, calc)
    forces = force_errors(f_ref, f_pred)
    de = e_pred - e_ref
    quantities = [
        quantity("force_rmse_test", forces["rmse"], "eV/angstrom"),
        quantity("force_mae_test", forces["mae"], "eV/angstrom"),
        quantity("force_rms_reference_test", forces["rms_reference"], "eV/angstrom"),
        quantity("force_rmse_relative_test", forces["rmse"] / forces["rms_reference"], "1"),
        quantity("energy_rmse_test", np.sqrt(np.mean(de**2)), "eV/atom"),
        quantity("energy_mae_test", np.mean(np.abs(de)), "eV/atom"),
    ]
    write_result(out_json, potential, "training", quantities, test_file=str(test_file), frames=len(frames),
                 force_components=int(f_ref.size), force_definition="component-wise over all atoms and frames")
    write_csv(out_parity_csv, pd.concat([
        pd.DataFrame({"kind": "energy_per_atom", "reference": e_ref, "predicted": e_pred}),
        pd.DataFrame({"kind": "force_component", "reference": f_ref.ravel(), "predicted": f_pred.ravel()})]))
    return quantities
