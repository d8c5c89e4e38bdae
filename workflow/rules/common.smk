from pathlib import Path

from solidbench.config import ConfigError, check_config, temperature_label, validate_config

CONFIG_SOURCES = ", ".join(map(str, workflow.configfiles)) or "config"
validate_config(config, Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml", CONFIG_SOURCES)
check_config(config, CONFIG_SOURCES)

RECIPES = {recipe["name"]: recipe for recipe in config["training_sets"]}
MLFFS = [f"mace-{name}" for name in RECIPES]
POTENTIALS = ["lj"] + MLFFS
TEMPERATURES = [temperature_label(t) for t in config["lattice_md"]["temperatures"]]
VACANCY_MD_TEMPERATURES = [temperature_label(t) for t in config["vacancy"]["md"]["temperatures"]]
PLUGIN = "build/plugin/macepairplugin.so"
# decks and plugin sources are found next to the Snakefile, so `--directory` runs work
SOURCE = Path(workflow.basedir)
DECKS = SOURCE / "workflow" / "lammps"


wildcard_constraints:
    potential="lj|mace-[a-z0-9_]+",
    recipe="[a-z0-9_]+",
    seed=r"\d+",
    T=r"[0-9.]+",


def recipe_of(potential):
    name = potential.removeprefix("mace-")
    if name not in RECIPES:
        raise ConfigError(f"potential {potential!r}: no training set named {name!r} in config.yaml")
    return RECIPES[name]


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
