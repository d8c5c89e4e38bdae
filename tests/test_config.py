"""config.yaml validation: a misspelled key or a bad value stops the run and names the key."""

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from solidbench.config import (ConfigError, check_config, model_hyperparameters, recipes, training_runs,
                               training_seeds, validate_config)

SCHEMA = ROOT / "workflow" / "schemas" / "config.schema.yaml"


@pytest.fixture
def config():
    return yaml.safe_load((ROOT / "config.yaml").read_text())


def test_default_config_is_valid(config):
    validate_config(config, SCHEMA)
    check_config(config)


def test_misspelled_key_is_named_with_a_suggestion(config):
    config["lattice_md"]["temperatues"] = config["lattice_md"].pop("temperatures")
    with pytest.raises(ConfigError, match=r"unknown key 'lattice_md.temperatues' \(did you mean 'temperatures'\?\)"):
        validate_config(config, SCHEMA)


def test_negative_temperature_is_named(config):
    config["training_sets"][0]["T_low"] = -10
    with pytest.raises(ConfigError, match=r"'training_sets\[0\].T_low' = -10"):
        validate_config(config, SCHEMA)


def test_semantic_checks(config):
    bad = copy.deepcopy(config)
    bad["training_sets"][0]["test_seeds"] = bad["training_sets"][0]["train_seeds"][:1]
    with pytest.raises(ConfigError, match=r"seed 1 is used twice"):
        check_config(bad)
    bad = copy.deepcopy(config)
    bad["training_sets"][0]["T_high"] = 1
    with pytest.raises(ConfigError, match=r"training_sets\[heating\]: T_high \(1\) is below T_low"):
        check_config(bad)


def test_generalization_recipes_are_valid(config):
    """configs/generalization.yaml (the five recipes of the README) merged over config.yaml."""
    config.update(yaml.safe_load((ROOT / "configs" / "generalization.yaml").read_text()))
    validate_config(config, SCHEMA)
    check_config(config)
    assert [r["name"] for r in config["training_sets"]] == ["heating", "heating_e0_average", "liquid", "heating_vacancy",
                                                            "heating_strained", "heating_long_cutoff",
                                                            "heating_committee", "heating_random"]
    by_name = {r["name"]: r for r in config["training_sets"]}
    assert model_hyperparameters(config, by_name["heating"])["E0s"] == "reference"
    assert model_hyperparameters(config, by_name["heating_e0_average"])["E0s"] == "average"
    assert model_hyperparameters(config, by_name["heating_long_cutoff"])["r_max"] == 8.5
    assert training_runs(by_name["heating_long_cutoff"]) == training_runs(by_name["heating"])


def test_a_selection_recipe_is_one_recipe_per_round(config):
    """Round r trains on round r-1's set (round 1 on the base's), the random draw of round r uses
    seed + r, and each round inherits the base's hyperparameters under its own."""
    config["training_sets"][0]["mace"] = {"r_max": 6.0}
    config["training_sets"].append({"name": "picked", "mace": {"epochs": 5},
                                    "select": {"base": "heating", "method": "random", "rounds": 2, "frames": 4,
                                               "seed": 10}})
    validate_config(config, SCHEMA)
    check_config(config)
    expanded = {r["name"]: r for r in recipes(config)}
    assert list(expanded) == ["heating", "picked_r1", "picked_r2"]
    assert expanded["picked_r1"]["selection"] == {"base": "heating", "method": "random", "round": 1,
                                                  "previous": "heating", "frames": 4, "seed": 11}
    assert expanded["picked_r2"]["selection"]["previous"] == "picked_r1"
    assert expanded["picked_r2"]["selection"]["seed"] == 12
    hyperparameters = model_hyperparameters(config, expanded["picked_r2"])
    assert (hyperparameters["r_max"], hyperparameters["epochs"]) == (6.0, 5)


@pytest.mark.parametrize("entry, message", [
    ({"name": "picked", "select": {"base": "nothing", "method": "random", "rounds": 1, "frames": 4, "seed": 1}},
     "training_sets[picked].select.base = 'nothing' is not a recipe with a protocol (those are: heating)"),
    ({"name": "picked", "protocol": "heating", "select": {"base": "heating", "method": "random", "rounds": 1,
                                                          "frames": 4, "seed": 1}},
     "training_sets[1]: a recipe with `select` trains on its base recipe's frames"),
    ({"name": "picked", "select": {"base": "heating", "method": "uncertain", "rounds": 1, "frames": 4, "seed": 1}},
     "'training_sets[1].select.method' = 'uncertain'"),
])
def test_a_wrong_selection_recipe_is_named(config, entry, message):
    config["training_sets"].append(entry)
    with pytest.raises(ConfigError) as error:
        validate_config(config, SCHEMA)
        check_config(config)
    assert message in str(error.value)


def test_paper_preset_plans_every_benchmark(tmp_path):
    """configs/paper.yaml (run `paper`) passes the checks and a dry run plans the whole pipeline."""
    snakemake = Path(sys.executable).parent / "snakemake"
    proc = subprocess.run([str(snakemake), "-n", "--configfile", str(ROOT / "configs" / "paper.yaml"), "--directory",
                           str(tmp_path), "--snakefile", str(ROOT / "Snakefile")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "results/paper/summary.csv" in proc.stdout and "training_frames" in proc.stdout
    assert proc.stdout.count("rule training_frames:") == 11  # 10 training seeds and one test seed


def test_recipe_hyperparameters(config):
    """A recipe's `mace` entries override the global ones for its model only; a recipe without them
    gets exactly the global set (so adding the feature retrains nothing), never the committee size."""
    recipe = config["training_sets"][0]
    default = model_hyperparameters(config, recipe)
    assert default == {k: v for k, v in config["mace"].items() if k != "committee"}
    recipe["mace"] = {"r_max": 8.5, "num_channels": 16}
    validate_config(config, SCHEMA)
    assert model_hyperparameters(config, recipe) == {**default, "r_max": 8.5, "num_channels": 16}
    recipe["mace"] = {"r_mx": 8.5}
    with pytest.raises(ConfigError, match=r"unknown key 'training_sets\[0\].mace.r_mx' \(did you mean 'r_max'\?\)"):
        validate_config(config, SCHEMA)
    recipe["mace"] = {"r_max": -1}
    with pytest.raises(ConfigError, match=r"'training_sets\[0\].mace.r_max' = -1"):
        validate_config(config, SCHEMA)
    recipe["mace"] = {"E0s": "zero"}
    with pytest.raises(ConfigError, match=r"'training_sets\[0\].mace.E0s' = 'zero'"):
        validate_config(config, SCHEMA)
    recipe["mace"] = {"committee": 3}
    with pytest.raises(ConfigError, match=r"training_sets\[0\].mace.committee: the committee size is one setting"):
        validate_config(config, SCHEMA)


def test_element_and_cutoff_checks(config):
    bad = copy.deepcopy(config)
    bad["element"] = "Xx"
    with pytest.raises(ConfigError, match="element 'Xx' is not a chemical symbol"):
        check_config(bad)
    # a recipe's own r_max is checked, not only the global one: 3.7 A misses the 3.75 A first shell
    bad = copy.deepcopy(config)
    bad["training_sets"][0]["mace"] = {"r_max": 3.7}
    with pytest.raises(ConfigError, match=r"training_sets\[heating\]: mace.r_max = 3.7 angstrom"):
        check_config(bad)


def test_augmented_recipe_runs():
    recipe = {"name": "x", "protocol": "heating", "cells": 3, "T_low": 10, "T_high": 105, "npt_steps": 1,
              "nvt_steps": 1, "ramp_steps": 1, "dump_every": 1, "train_seeds": [1, 2], "test_seeds": [9],
              "augment": [{"seeds": [11], "vacancies": 1}, {"seeds": [21, 22], "strain": 0.03, "T_high": 150}]}
    runs = training_runs(recipe)
    assert sorted(runs) == [1, 2, 9, 11, 21, 22]
    assert runs[1]["vacancies"] == 0 and runs[1]["strain"] == 0.0 and runs[9] == runs[1]
    assert runs[11] == {**runs[1], "vacancies": 1}
    assert runs[22] == {**runs[1], "strain": 0.03, "T_high": 150}
    assert training_seeds(recipe) == [1, 2, 11, 21, 22]


def test_names_and_model_files(config, tmp_path):
    bad = copy.deepcopy(config)
    bad["external_models"] = [{"name": "heating", "path": str(tmp_path / "m.model")}]
    with pytest.raises(ConfigError, match="'heating' is used twice"):
        check_config(bad)
    bad["external_models"][0]["name"] = "mine"
    with pytest.raises(ConfigError, match=r"external_models\[mine\]: model file '.*m.model' not found"):
        check_config(bad)


def test_protocol_settings_are_required(config):
    config["training_sets"][0]["protocol"] = "liquid"
    with pytest.raises(ConfigError, match="'T_melt' is a required property"):
        validate_config(config, SCHEMA)


@pytest.mark.parametrize("edit, message", [
    (lambda c: c.update(presure=c.pop("pressure")), "unknown key 'presure' (did you mean 'pressure'?)"),
    (lambda c: c["lattice_md"].update(temperatures=[20, -40]), "'lattice_md.temperatures[1]' = -40"),
    (lambda c: c.update(element="Aq"), "element 'Aq' is not a chemical symbol"),
    (lambda c: c["mace"].update(r_max=3.5), "training_sets[heating]: mace.r_max = 3.5 angstrom does not reach the FCC "
                                            "nearest neighbour at 3.75 angstrom"),
])
def test_snakemake_stops_at_startup(edit, message, config, tmp_path):
    edit(config)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    snakemake = Path(sys.executable).parent / "snakemake"
    proc = subprocess.run([str(snakemake), "-n", "--configfile", str(path), "--directory", str(tmp_path),
                           "--snakefile", str(ROOT / "Snakefile")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode != 0
    assert message in proc.stdout + proc.stderr
