"""config.yaml validation: a misspelled key or a bad value stops the run and names the key."""

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from solidbench.config import ConfigError, check_config, validate_config

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
    with pytest.raises(ConfigError, match="test_seeds must differ from train_seeds"):
        check_config(bad)
    bad = copy.deepcopy(config)
    bad["training_sets"][0]["T_high"] = 1
    with pytest.raises(ConfigError, match=r"training_sets\[heating\]: T_high \(1\) is below T_low"):
        check_config(bad)


@pytest.mark.parametrize("edit, message", [
    (lambda c: c.update(presure=c.pop("pressure")), "unknown key 'presure' (did you mean 'pressure'?)"),
    (lambda c: c["lattice_md"].update(temperatures=[20, -40]), "'lattice_md.temperatures[1]' = -40"),
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
