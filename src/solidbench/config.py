"""Validation of config.yaml: the JSON schema, then the checks a schema cannot express.
Every message names the offending key."""

from __future__ import annotations

import difflib

import jsonschema
import yaml


class ConfigError(ValueError):
    pass


def _key_path(path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def validate_config(config: dict, schema_path, source: str = "config.yaml") -> None:
    """Check `config` against the schema; raise ConfigError listing each problem by key."""
    with open(schema_path) as handle:
        schema = yaml.safe_load(handle)
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(config), key=lambda e: list(map(str, e.absolute_path))):
        where = _key_path(error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            extra = [k for k in error.instance if k not in allowed]
            for key in extra:
                hint = difflib.get_close_matches(key, allowed, n=1)
                key_path = f"{where}.{key}" if error.absolute_path else key
                problems.append(f"unknown key '{key_path}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
        elif error.validator == "required":
            problems.append(f"{where}: {error.message}")
        else:
            problems.append(f"'{where}' = {error.instance!r}: {error.message}")
    if problems:
        raise ConfigError(f"{source}: " + "; ".join(problems))


def check_config(config: dict, source: str = "config.yaml") -> None:
    names = [recipe["name"] for recipe in config["training_sets"]]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"{source}: training_sets: duplicate name {duplicates[0]!r}")
    for recipe in config["training_sets"]:
        where = f"{source}: training_sets[{recipe['name']}]"
        if recipe["T_high"] < recipe["T_low"]:
            raise ConfigError(f"{where}: T_high ({recipe['T_high']}) is below T_low ({recipe['T_low']})")
        shared = set(recipe["train_seeds"]) & set(recipe["test_seeds"])
        if shared:
            raise ConfigError(f"{where}: test_seeds must differ from train_seeds (both have {sorted(shared)})")
    for key, temps in (("lattice_md.temperatures", config["lattice_md"]["temperatures"]),
                       ("vacancy.md.temperatures", config["vacancy"]["md"]["temperatures"])):
        if len(set(temps)) != len(temps):
            raise ConfigError(f"{source}: {key} has repeated values {temps}")
        if max(temps) >= config["md_guard"]["max_temperature"]:
            raise ConfigError(f"{source}: md_guard.max_temperature must exceed every {key} entry")


def temperature_label(value: float) -> str:
    """20 -> '20', 37.5 -> '37.5': the {T} wildcard and the `_<T>K` suffix of quantity names."""
    return f"{value:g}"
