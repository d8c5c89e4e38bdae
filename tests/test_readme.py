"""The README against the repository: every link and anchor, every file, rule and config key it names
must exist (outputs under results/ and build/ are made by a run, and are not checked)."""

import re

import pytest
import yaml

from conftest import ROOT

README = (ROOT / "README.md").read_text()
GENERATED = ("results/", "build/", ".snakemake/", ".venv/")


def slug(heading: str) -> str:
    """GitHub's anchor of a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path) -> set[str]:
    return {slug(line.lstrip("#")) for line in path.read_text().splitlines() if line.startswith("#")}


def rules() -> set[str]:
    names = set()
    for smk in (ROOT / "workflow" / "rules").glob("*.smk"):
        text = smk.read_text()
        names |= set(re.findall(r"^rule (\w+):", text, re.MULTILINE))
        names |= set(re.findall(r"^use rule \w+ as (\w+)", text, re.MULTILINE))
    return names


def schema_has(dotted: str) -> bool:
    node = yaml.safe_load((ROOT / "workflow" / "schemas" / "config.schema.yaml").read_text())
    for part in dotted.split("."):
        node = node.get("properties", {}).get(part) or node.get("items", {}).get("properties", {}).get(part)
        if node is None:
            return False
    return True


def code_spans(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.DOTALL))


def test_links_and_anchors_exist():
    for target in re.findall(r"\]\(([^)\s]+)\)", README):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        file = ROOT / path
        assert file.exists(), target
        if anchor:
            assert anchor in anchors(file), (target, sorted(anchors(file)))


def test_named_files_exist():
    """Paths in code spans that start in one of the repository's own folders (the rest, like the
    stage table's `potentials/lj/pair.lmp`, are outputs under results/<run>/)."""
    folders = {path.name for path in ROOT.iterdir() if path.is_dir() and not path.name.startswith(".")}
    checked = 0
    for span in code_spans(README):
        for word in span.split():
            word = word.rstrip(".,;:")
            if not re.fullmatch(r"[\w.-]+(/[\w.-]*)+", word) or word.startswith(GENERATED):
                continue
            if word.split("/")[0] in folders:
                assert (ROOT / word).exists(), word
                checked += 1
    assert checked > 5


def test_named_rules_exist():
    """Every name in the rules column of the stage table, and every `snakemake ... <rule>=` or
    `--forcerun <rule>` in the commands, is a rule of the workflow."""
    known = rules()
    table = README.split("## What the pipeline does")[1].split("\n\n")[1]
    named = [name for row in table.splitlines()[2:] for name in re.findall(r"`(\w+)`", row.split("|")[2])]
    named += re.findall(r"--forcerun (\w+)", README) + re.findall(r"(\w+)=\d", README.split("## Useful commands")[1])
    assert named
    for name in named:
        if name.startswith("plot_"):  # `plot_*` in the table: the plotting rules as a family
            assert any(rule.startswith("plot_") for rule in known)
            continue
        assert name in known, name


def test_named_config_keys_exist():
    """Dotted config keys (`mace.E0s`) and top-level ones named as keys (`training_sets`) are in the
    schema."""
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    for span in code_spans(README):
        word = span.split(":")[0].strip()
        if re.fullmatch(r"[a-z_]+(\.[A-Za-z0-9_]+)+", word) and word.split(".")[0] in config:
            assert schema_has(word), word
        elif re.fullmatch(r"[a-z_]+", word) and word in config:
            assert schema_has(word), word


@pytest.mark.parametrize("limit_kb", [12])
def test_readme_is_short(limit_kb):
    assert len(README.encode()) <= limit_kb * 1024
