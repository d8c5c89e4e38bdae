"""Validation of config.yaml: the JSON schema, then the checks a schema cannot express.
Every message names the offending key."""

from __future__ import annotations

import difflib
from pathlib import Path

import jsonschema
import yaml
from ase.data import chemical_symbols


class ConfigError(ValueError):
    pass


def _key_path(path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _describe(errors, prefix: tuple = ()) -> list[str]:
    """One line per schema violation, naming the key (under `prefix`) and suggesting near misses."""
    problems = []
    for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
        path = (*prefix, *error.absolute_path)
        where = _key_path(path)
        if error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for key in [k for k in error.instance if k not in allowed]:
                hint = difflib.get_close_matches(key, allowed, n=1)
                key_path = f"{where}.{key}" if path else key
                problems.append(f"unknown key '{key_path}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
        elif error.validator == "not" and "$comment" in error.schema:
            problems.append(f"{where}: {error.schema['$comment']}")
        elif error.validator == "required":
            problems.append(f"{where}: {error.message}")
        else:
            problems.append(f"'{where}' = {error.instance!r}: {error.message}")
    return problems


def validate_config(config: dict, schema_path, source: str = "config.yaml") -> None:
    """Check `config` against the schema, and each recipe's `mace` overrides against the `mace`
    schema; raise ConfigError listing each problem by key."""
    with open(schema_path) as handle:
        schema = yaml.safe_load(handle)
    problems = _describe(jsonschema.Draft202012Validator(schema).iter_errors(config))
    if not problems:
        mace_schema = jsonschema.Draft202012Validator(schema["properties"]["mace"])
        for i, recipe in enumerate(config["training_sets"]):
            overrides = recipe.get("mace", {})
            if "committee" in overrides:
                problems.append(f"training_sets[{i}].mace.committee: the committee size is one setting for every "
                                f"recipe; set it as mace.committee")
            merged = {**config["mace"], **overrides}
            problems += _describe(mace_schema.iter_errors(merged), ("training_sets", i, "mace"))
    if problems:
        raise ConfigError(f"{source}: " + "; ".join(problems))


RUN_KEYS = ("protocol", "cells", "T_low", "T_high", "T_melt", "T_liquid", "melt_steps", "npt_steps", "nvt_steps",
            "ramp_steps", "dump_every", "vacancies", "strain")


def training_runs(recipe: dict) -> dict[int, dict]:
    """The LJ runs of a training recipe by seed: the recipe's own settings for its train and test
    seeds, and for each augment entry's seeds the same settings with that entry's changes."""
    base = {"vacancies": 0, "strain": 0.0, **{k: v for k, v in recipe.items() if k in RUN_KEYS}}
    runs = {seed: base for seed in recipe["train_seeds"] + recipe["test_seeds"]}
    for part in recipe.get("augment", []):
        changed = {**base, **{k: v for k, v in part.items() if k != "seeds"}}
        runs.update({seed: changed for seed in part["seeds"]})
    return runs


def training_seeds(recipe: dict) -> list[int]:
    return recipe["train_seeds"] + [seed for part in recipe.get("augment", []) for seed in part["seeds"]]


def recipes(config: dict) -> list[dict]:
    """Every recipe that trains a model: the recipes with a protocol as written, and each `select:`
    recipe as one recipe per round, `<name>_r<round>`, whose `selection` says where its frames come
    from: `previous` (the base recipe, or the round before) supplies the training set and the model
    whose MD makes the pool; the random control's round r draws with seed + r. A round inherits
    the base's `mace` overrides, under its own."""
    by_name = {entry["name"]: entry for entry in config["training_sets"]}
    expanded = []
    for entry in config["training_sets"]:
        if "select" not in entry:
            expanded.append(entry)
            continue
        choice = entry["select"]
        base = by_name.get(choice["base"])
        if base is None or "select" in base:
            raise ConfigError(f"training_sets[{entry['name']}].select.base = {choice['base']!r} is not a recipe "
                              f"with a protocol (those are: {', '.join(n for n, e in by_name.items() if 'select' not in e)})")
        previous = base["name"]
        for r in range(1, choice["rounds"] + 1):
            name = f"{entry['name']}_r{r}"
            expanded.append({"name": name, "mace": {**base.get("mace", {}), **entry.get("mace", {})},
                             "selection": {"base": base["name"], "method": choice["method"], "round": r,
                                           "previous": previous, "frames": choice["frames"],
                                           "seed": choice["seed"] + r}})
            previous = name
    return expanded


def model_names(config: dict) -> list[str]:
    """Every MLFF's name, trained recipes (a selection recipe's rounds) then external models: each is
    benchmarked as `mace-<name>`."""
    return [entry["name"] for entry in recipes(config) + config.get("external_models", [])]


def canonical_order(value):
    """`value` with the keys of every mapping in it sorted. Snakemake compares a rule's params with the
    last run's by their repr, and a config file that restates one key of a block moves that key first
    in the merged block: without a fixed order, restating a default would rerun (retrain) jobs whose
    settings did not change."""
    if isinstance(value, dict):
        return {key: canonical_order(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [canonical_order(item) for item in value]
    return value


def model_hyperparameters(config: dict, recipe: dict) -> dict:
    """What `mace_run_train` gets for one recipe's model: `mace`, with the recipe's own `mace`
    entries on top. The committee size is not a property of one model, so changing it retrains
    nothing."""
    merged = {**config["mace"], **recipe.get("mace", {})}
    del merged["committee"]
    return merged


def check_config(config: dict, source: str = "config.yaml") -> None:
    if config["element"] not in chemical_symbols[1:]:
        hint = difflib.get_close_matches(config["element"], chemical_symbols[1:], n=1)
        raise ConfigError(f"{source}: element {config['element']!r} is not a chemical symbol"
                          + (f" (did you mean {hint[0]!r}?)" if hint else ""))
    # a model whose cutoff does not reach the first neighbour shell sees isolated atoms in the crystal
    nearest_neighbour = config["crystal"]["a_guess"] / 2**0.5
    try:
        trained = recipes(config)
    except ConfigError as error:
        raise ConfigError(f"{source}: {error}") from None
    for recipe in trained:
        r_max = model_hyperparameters(config, recipe)["r_max"]
        if r_max <= nearest_neighbour:
            raise ConfigError(f"{source}: training_sets[{recipe['name']}]: mace.r_max = {r_max} angstrom does not "
                              f"reach the FCC nearest neighbour at {nearest_neighbour:.2f} angstrom "
                              f"(crystal.a_guess / sqrt 2)")
    names = model_names(config)
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"{source}: the name {duplicates[0]!r} is used twice (training_sets and "
                          f"external_models share one namespace: each becomes mace-<name>)")
    for recipe in (entry for entry in config["training_sets"] if "select" not in entry):
        where = f"{source}: training_sets[{recipe['name']}]"
        if recipe["protocol"] == "heating" and recipe["T_high"] < recipe["T_low"]:
            raise ConfigError(f"{where}: T_high ({recipe['T_high']}) is below T_low ({recipe['T_low']})")
        seeds = training_seeds(recipe) + recipe["test_seeds"]
        shared = sorted({s for s in seeds if seeds.count(s) > 1})
        if shared:
            raise ConfigError(f"{where}: seed {shared[0]} is used twice; train_seeds, test_seeds and each "
                              f"augment entry's seeds must all differ")
    for model in config.get("external_models", []):
        if not Path(model["path"]).is_file():
            raise ConfigError(f"{source}: external_models[{model['name']}]: model file {model['path']!r} not found "
                              f"(relative paths start from the working directory, {Path.cwd()})")
    for key, temps in (("lattice_md.temperatures", config["lattice_md"]["temperatures"]),
                       ("vacancy.md.temperatures", config["vacancy"]["md"]["temperatures"])):
        if len(set(temps)) != len(temps):
            raise ConfigError(f"{source}: {key} has repeated values {temps}")
        if max(temps) >= config["md_guard"]["max_temperature"]:
            raise ConfigError(f"{source}: md_guard.max_temperature must exceed every {key} entry")
