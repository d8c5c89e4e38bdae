import re
from pathlib import Path

import yaml

from solidbench.code_inputs import package_modules
from solidbench.results import REFERENCE, temperature_label
from solidbench.settings import (DimerSettings, ElasticSettings, EOSSettings, HopMDSettings, InterstitialSettings,
                                 NPTSettings, PhononSettings, SelectionSettings, SpectraSettings, StackingFaultSettings,
                                 SurfaceSettings, TrainingRun, VacancySettings)
from solidbench.config import (ConfigError, canonical_order, check_config, model_hyperparameters, recipes,
                               training_runs, training_seeds, validate_config)

CONFIG_SOURCES = ", ".join(map(str, workflow.configfiles)) or "config"
validate_config(config, Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml", CONFIG_SOURCES)
check_config(config, CONFIG_SOURCES)
config.update(canonical_order(config))  # restating a default in a config file reruns nothing

# A run's results live under results/<run>/, so runs with other configs never touch each other's files.
RUN = config["run"]


def results(path):
    return f"results/{RUN}/{path}"


onstart:
    # the merged configuration this run's results come from, beside them
    Path(results("config.yaml")).parent.mkdir(parents=True, exist_ok=True)
    Path(results("config.yaml")).write_text(yaml.safe_dump(config, sort_keys=False))


RECIPES = {recipe["name"]: recipe for recipe in recipes(config)}
# a selection recipe's rounds (recipes with a `selection`) take their data from the pool, the others from LJ MD
SELECTED = {name: recipe["selection"] for name, recipe in RECIPES.items() if "selection" in recipe}
SIMULATED = [name for name in RECIPES if name not in SELECTED]
EXTERNAL_MODELS = {model["name"]: model for model in config.get("external_models", [])}
TRAINED = [f"mace-{name}" for name in RECIPES]
MLFFS = TRAINED + [f"mace-{name}" for name in EXTERNAL_MODELS]
COMMITTEE = config["mace"]["committee"]
POTENTIALS = [REFERENCE] + MLFFS
TEMPERATURES = [temperature_label(t) for t in config["lattice_md"]["temperatures"]]
VACANCY_MD_TEMPERATURES = [temperature_label(t) for t in config["vacancy"]["md"]["temperatures"]]
PLUGIN = "build/plugin/macepairplugin.so"
# decks and plugin sources are found next to the Snakefile, so `--directory` runs work
SOURCE = Path(workflow.basedir)
DECKS = SOURCE / "workflow" / "lammps"
SCRIPTS = SOURCE / "workflow" / "scripts"


def package_code(script):
    """The solidbench modules a rule's script runs, as inputs of the rule: Snakemake tracks the script
    itself, and these make an edit of the package rerun the jobs that use the edited module."""
    return [str(path) for path in package_modules(SCRIPTS / script)]


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
    return results(f"potentials/{wildcards.potential}/pair.lmp")


def potential_inputs(wildcards):
    """Everything a LAMMPS run with this potential needs: the pair include, and for an MLFF the
    plugin and the exported model (so that retraining or rebuilding reruns dependent results)."""
    files = {"pair": pair_file(wildcards)}
    if wildcards.potential != REFERENCE:
        files["plugin"] = PLUGIN
        files["model"] = results(f"models/{wildcards.potential}/model-lammps.pt")
    return files
