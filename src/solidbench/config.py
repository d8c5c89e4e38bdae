"""Checks on config.yaml that a JSON schema cannot express; each names the offending key."""

from __future__ import annotations


class ConfigError(ValueError):
    pass


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
    temps = config["lattice_md"]["temperatures"]
    if len(set(temps)) != len(temps):
        raise ConfigError(f"{source}: lattice_md.temperatures has repeated values {temps}")
    if max(temps) >= config["md_guard"]["max_temperature"]:
        raise ConfigError(f"{source}: md_guard.max_temperature must exceed every lattice_md.temperatures entry")


def temperature_label(value: float) -> str:
    """20 -> '20', 37.5 -> '37.5': the {T} wildcard and the `_<T>K` suffix of quantity names."""
    return f"{value:g}"
