"""Probe behind the data-selection findings: can committee selection fix the interstitials that still
collapse once the pool reaches them? The pipeline's pool starts from LJ's relaxed structures, whose
closest pair (2.92 A in the model's MD) never comes near the model's ridge at 2.4 A; the interstitial
benchmark relaxes from symmetric starts whose closest pair is 2.14 A (<110> dumbbell) to 2.84 A
(<100>). This probe

1. runs the previous model's NVT MD (the pipeline's pool deck and `run_pool`, 40 K) from those five
   starts for `--steps` steps, a candidate every step: what the model does from where the benchmark starts;
2. labels the pool with LJ and scores it with the pipeline's `choose_frames` (committee disagreement:
   the previous model and its members; the model's own force error) and by novelty (novelty.py, in
   the previous model's descriptors against its training set);
3. picks `--frames` frames under the pipeline's diversity rule in five ways: by disagreement with the
   pipeline's `max_force`, by disagreement with the raised `--max-force` (and once more with the next
   training seed), by novelty and at random with the raised one; trains a model on the previous
   training set plus each pick (the recipe's hyperparameters, `mace_run_train`) and relaxes the five
   starts with it (`probe_training_seeds.probe_model`), beside the previous model and LJ.

    python benchmarks/probe_wall_selection.py results/generalization heating_committee_r1 \
        --out benchmarks/results/probe_wall_selection.json
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
from pathlib import Path

import numpy as np
import yaml
from ase.io import read
from scipy.stats import spearmanr

from probe_training_seeds import probe_model
from solidbench.calculator import LammpsCalculator
from solidbench.config import model_hyperparameters, recipes
from solidbench.interstitial import closest_pair, interstitial_configurations
from solidbench.io import write_json
from solidbench.lammps_run import LammpsJob
from solidbench.lattice import reference_lattice_constant
from solidbench.mace_model import train_with_reference
from solidbench.novelty import model_environments
from solidbench.results import result_value
from solidbench.selection import (as_training_frame, choose_frames, label, run_pool, select_at_random,
                                 select_by_disagreement)
from solidbench.settings import SelectionSettings
from solidbench.training_data import write_extxyz

DECK = Path(__file__).resolve().parents[1] / "workflow" / "lammps" / "pool_md.lmp"


def pool_novelty(model, training_frames, frames) -> np.ndarray:
    """Each frame's novelty (novelty.py: its atoms' largest descriptor distance to the nearest training
    atom, in training spreads) for `model` and its training frames."""
    environments, describe = model_environments(model, training_frames)
    return np.array([environments.novelty(describe(atoms)).max() for atoms in frames])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run", type=Path, help="a finished run with the recipe's model and committee members")
    parser.add_argument("recipe", help="the previous recipe (its model runs the pool, its training set is extended)")
    parser.add_argument("--steps", type=int, default=40, help="MD steps from each start, a candidate per step")
    parser.add_argument("--frames", type=int, default=10)
    parser.add_argument("--min-separation", type=float, default=0.05, help="ps between chosen frames of one run")
    parser.add_argument("--max-force", type=float, default=100.0, help="eV/A: the raised eligibility threshold")
    parser.add_argument("--work", type=Path, default=Path("build/probe_wall_selection"))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    config = yaml.safe_load((args.run / "config.yaml").read_text())
    recipe = next(r for r in recipes(config) if r["name"] == args.recipe)
    a = reference_lattice_constant(args.run / "lattice" / "lj" / "lattice_0K.json")
    cells = config["interstitial"]["cells"]
    _, starts = interstitial_configurations(a, cells, config["element"])
    model_dir = args.run / "models" / f"mace-{args.recipe}"
    members = [model_dir / "model.model"] + sorted((model_dir / "committee").glob("member*.model"))
    settings = SelectionSettings.from_config({**config, "selection": {
        **config["selection"], "temperatures": [40], "equil_steps": 1, "steps": args.steps, "dump_every": 1,
        "min_separation": args.min_separation}})
    if args.work.exists():
        shutil.rmtree(args.work)
    args.work.mkdir(parents=True)
    pool_file = args.work / "pool.extxyz"
    job = LammpsJob(DECK, args.run / "potentials" / f"mace-{args.recipe}" / "pair.lmp", f"mace-{args.recipe}",
                    args.work / "pool.lammps.log")
    run_pool(job, starts, settings, pool_file)
    pool = read(pool_file, ":")
    lj = LammpsCalculator(args.run / "potentials" / "lj" / "pair.lmp", {config["element"]: config["mass"]})
    results = {"run": str(args.run), "recipe": args.recipe, "lattice_constant": a, "steps": args.steps,
               "start_closest_pair": {name: closest_pair(atoms) for name, atoms in starts.items()},
               "pool_closest_pair": {name: [closest_pair(atoms) for atoms in pool if atoms.info["configuration"] == name]
                                     for name in starts},
               "choices": {}, "models": {}}
    print("closest pair of each start: " + ", ".join(f"{k} {v:.2f} A" for k, v in results["start_closest_pair"].items()))

    # every candidate labelled and scored once (choose_frames' table), then each variant's choice from it
    table = choose_frames(pool_file, members, lj, {"method": "committee", "frames": args.frames},
                          dataclasses.replace(settings, max_force=args.max_force), f"{args.recipe}_wall",
                          args.work / "chosen.extxyz", args.work / "pool.csv")
    base_frames = read(args.run / "training" / args.recipe / "train.extxyz", ":")
    table["novelty"] = pool_novelty(members[0], base_frames, pool)
    table["closest_pair"] = [closest_pair(atoms) for atoms in pool]
    groups = np.array([atoms.info["group"] for atoms in pool])
    times = table["time_ps"].to_numpy()
    hyper = model_hyperparameters(config, recipe)
    seed = hyper["seed"]
    variants = {  # name: (max_force, score or None for the random control, training seed)
        f"committee, max_force {settings.max_force:g}": (settings.max_force, table["disagreement"], seed),
        f"committee, max_force {args.max_force:g}": (args.max_force, table["disagreement"], seed),
        f"committee, max_force {args.max_force:g}, training seed {seed + 1}": (args.max_force, table["disagreement"],
                                                                               seed + 1),
        f"novelty, max_force {args.max_force:g}": (args.max_force, table["novelty"], seed),
        f"random, max_force {args.max_force:g}": (args.max_force, None, seed),
    }
    eligible_high = table["reference_max_force"] <= args.max_force
    results["spearman_with_force_error"] = {
        score: float(spearmanr(table.loc[eligible_high, score], table.loc[eligible_high, "force_error"]).statistic)
        for score in ("disagreement", "novelty")}
    print(f"Spearman with the model's force error, frames with LJ forces <= {args.max_force:g} eV/A: "
          f"{results['spearman_with_force_error']}", flush=True)
    for name, (max_force, score, training_seed) in variants.items():
        eligible = np.flatnonzero(table["reference_max_force"] <= max_force)
        if score is None:
            picked = select_at_random(groups[eligible], times[eligible], args.frames, args.min_separation,
                                      config["selection"]["seed"] + 1)
        else:
            picked = select_by_disagreement(score.to_numpy()[eligible], groups[eligible], times[eligible],
                                            args.frames, args.min_separation)
        chosen = table.iloc[eligible[picked]]
        results["choices"][name] = {"eligible": len(eligible), "candidates": len(table),
                                    "chosen": chosen[["configuration", "time_ps", "closest_pair", "disagreement",
                                                      "novelty", "force_error", "reference_max_force"]
                                                     ].to_dict(orient="records")}
        print(f"{name}: {len(eligible)} of {len(table)} eligible; chosen: " + ", ".join(
            f"{row.configuration} {row.closest_pair:.2f} A" for row in chosen.itertuples()), flush=True)
        folder = args.work / name.replace(", ", "_").replace(" ", "_")
        folder.mkdir()
        train_file = folder / "train.extxyz"
        write_extxyz(train_file, base_frames + [as_training_frame(label(pool[i], lj), name.split(",")[0])
                                               for i in eligible[picked]])
        train_with_reference({**hyper, "seed": training_seed}, config["element"],
                             args.run / "lattice" / "lj" / "isolated_atom.json", train_file, folder / "model.model",
                             folder / "train.log", threads=2)
        results["models"][name] = probe_model(folder / "model.model", a, cells, config["element"], fmax=1e-3)
        print(f"{name}: " + ", ".join(f"{k} {v['formation_energy']:+.3f} eV ({v['closest_pair']:.2f} A)"
                                      for k, v in results["models"][name].items()), flush=True)
    results["models"]["previous"] = probe_model(members[0], a, cells, config["element"], fmax=1e-3)
    results["lj_formation_energy"] = {
        name: result_value(args.run / "interstitial" / "lj" / "interstitial.json", f"interstitial_formation_{name}")
        for name in starts}
    write_json(args.out, results)


if __name__ == "__main__":
    main()
