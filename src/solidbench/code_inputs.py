"""The package modules each pipeline script runs, so that a rule can list them as inputs: Snakemake
hashes a rule's own script, not the library it calls, and editing `hops.py` must rerun the jobs that
count hops (and only those)."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def _imported_modules(path: Path) -> frozenset[str]:
    """Names of the solidbench modules that `path` imports anywhere, also inside functions (a lazy
    import is still code the job runs). Cached: every rule's closure walks the same modules, and
    Snakemake (each SLURM job too) parses the workflow at every start."""
    names = set()
    in_package = path.resolve().parent == PACKAGE_DIR
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and in_package:
                parts = node.module.split(".") if node.module else []
            elif node.level == 0 and node.module and node.module.split(".")[0] == "solidbench":
                parts = node.module.split(".")[1:]
            else:
                continue
            names.update(parts[:1] or [alias.name for alias in node.names])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[1] for alias in node.names
                         if alias.name.startswith("solidbench."))
    return frozenset(name for name in names if (PACKAGE_DIR / f"{name}.py").is_file())


def package_modules(script) -> list[Path]:
    """The module files `script` runs, directly or through other modules, with the package's
    __init__.py when there is any; sorted."""
    todo, seen = set(_imported_modules(Path(script))), set()
    while todo:
        name = todo.pop()
        seen.add(name)
        todo |= _imported_modules(PACKAGE_DIR / f"{name}.py") - seen
    files = [PACKAGE_DIR / f"{name}.py" for name in seen]
    return sorted(files + [PACKAGE_DIR / "__init__.py"] if files else [])
