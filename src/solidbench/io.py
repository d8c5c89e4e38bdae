"""Small, atomic file writers: a result either appears whole or not at all."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any


def write_json(path: str | os.PathLike, data: Any) -> None:
    """Write JSON atomically (temporary file + rename) and refuse non-finite numbers."""
    _check_finite(data, str(path))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False) as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
        handle.write("\n")
    os.replace(handle.name, path)


def write_csv(path: str | os.PathLike, table) -> None:
    """Write a pandas table atomically (temporary file + rename)."""
    tmp = f"{path}.tmp"
    table.to_csv(tmp, index=False, float_format="%.10g")
    os.replace(tmp, path)


def write_text(path: str | os.PathLike, text: str) -> None:
    """Write text atomically (temporary file + rename)."""
    tmp = f"{path}.tmp"
    with open(tmp, "w") as handle:
        handle.write(text)
    os.replace(tmp, path)


def read_json(path: str | os.PathLike) -> Any:
    with open(path) as handle:
        return json.load(handle)


def _check_finite(data: Any, where: str) -> None:
    if isinstance(data, float) and not math.isfinite(data):
        raise ValueError(f"refusing to write non-finite number {data} to {where}")
    if isinstance(data, dict):
        for value in data.values():
            _check_finite(value, where)
    elif isinstance(data, (list, tuple)):
        for value in data:
            _check_finite(value, where)
