import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DECKS = ROOT / "workflow" / "lammps"
sys.path.insert(0, str(Path(__file__).parent))

# LJ argon as in config.yaml (DESIGN.md section 5)
EPSILON, SIGMA, CUTOFF, MASS = 0.010321, 3.4, 8.5, 39.948


@pytest.fixture(scope="session")
def plugin(tmp_path_factory):
    """The pair_style mace plugin, compiled once per test session from plugin/."""
    from solidbench.plugin_build import build

    out = tmp_path_factory.mktemp("plugin") / "macepairplugin.so"
    build(ROOT / "plugin", out, out.with_suffix(".log"))
    return out


@pytest.fixture(scope="session")
def lj_pair_file(tmp_path_factory):
    from solidbench.potentials import lj_pair_lines, write_pair_include

    path = tmp_path_factory.mktemp("lj") / "pair.lmp"
    write_pair_include(path, lj_pair_lines(EPSILON, SIGMA, CUTOFF, "shift"), "LJ argon for tests")
    return path


def assert_is_figure(path, min_pixels: int = 300) -> None:
    """`path` is a PNG of at least min_pixels on each side with something drawn on it (more than
    one colour), not just a file that exists."""
    from PIL import Image

    with Image.open(path) as image:
        assert image.format == "PNG", path
        assert min(image.size) >= min_pixels, (path, image.size)
        extrema = image.convert("L").getextrema()
        assert extrema[0] < extrema[1], f"{path} is blank"
