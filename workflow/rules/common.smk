from pathlib import Path

import re

from solidbench.config import (ConfigError, check_config, model_hyperparameters, temperature_label, training_runs,
                               training_seeds, validate_config)

CONFIG_SOURCES = ", ".join(map(str, workflow.configfiles)) or "config"
validate_config(config, Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml", CONFIG_SOURCES)
check_config(config, CONFIG_SOURCES)

RECIPES = {recipe["name"]: recipe for recipe in config["training_sets"]}
EXTERNAL_MODELS = {model["name"]: model for model in config.get("external_models", [])}
TRAINED = [f"mace-{name}" for name in RECIPES]
MLFFS = TRAINED + [f"mace-{name}" for name in EXTERNAL_MODELS]
COMMITTEE = config["mace"]["committee"]
POTENTIALS = ["lj"] + MLFFS
TEMPERATURES = [temperature_label(t) for t in config["lattice_md"]["temperatures"]]
VACANCY_MD_TEMPERATURES = [temperature_label(t) for t in config["vacancy"]["md"]["temperatures"]]
PLUGIN = "build/plugin/macepairplugin.so"
# decks and plugin sources are found next to the Snakefile, so `--directory` runs work
SOURCE = Path(workflow.basedir)
DECKS = SOURCE / "workflow" / "lammps"


def one_of(names):
    """A wildcard regex matching exactly these names (and nothing when there are none)."""
    return "(?:" + "|".join(map(re.escape, names)) + ")" if names else "(?!)"


wildcard_constraints:
    potential="lj|mace-[a-z0-9_]+",
    recipe=one_of(RECIPES),
    external=one_of(EXTERNAL_MODELS),
    member=r"\d+",
    seed=r"\d+",
    T=r"[0-9.]+",


def pair_file(wildcards):
    return f"results/potentials/{wildcards.potential}/pair.lmp"


def potential_inputs(wildcards):
    """Everything a LAMMPS run with this potential needs: the pair include, and for an MLFF the
    plugin and the exported model (so that retraining or rebuilding reruns dependent results)."""
    files = {"pair": pair_file(wildcards)}
    if wildcards.potential != "lj":
        files["plugin"] = PLUGIN
        files["model"] = f"results/models/{wildcards.potential}/model-lammps.pt"
    return files
