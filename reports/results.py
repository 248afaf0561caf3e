"""Builds, validates and writes ``results.json``: run info, engines, the catalogue, and one result per case × engine."""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_PATH = Path(__file__).parent / "results.schema.json"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Verdict:
    """A result judged against the engine's expectation."""

    status: str
    expected: str
    unexpected: bool
    label: str  # PASS | FAIL | ERROR | SKIP | expected-FAIL | expected-ERROR | unexpected-PASS | ...


def judge(status: str, expected: str, intermittent: tuple[str, ...] = ()) -> Verdict:
    """``status`` against the ``expected`` one; ``intermittent``: other statuses known to occur as well."""
    if status == expected or status in intermittent:
        label = status if status == "PASS" or expected in ("PASS", "SKIP") else f"expected-{status}"
        return Verdict(status, expected, False, label)
    if status == "SKIP":
        return Verdict(status, expected, False, "SKIP")
    label = f"unexpected-{status}" if expected != "PASS" else status
    return Verdict(status, expected, True, label)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def host_info() -> dict[str, str]:
    return {
        "os": platform.platform(),
        "machine": platform.machine(),
        "python": sys.version.split()[0],
        "playwright": _version("playwright"),
        "selenium": _version("selenium"),
        "aiohttp": _version("aiohttp"),
        "pytest": _version("pytest"),
    }


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def validate(document: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError if ``document`` does not follow the published schema."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)


def write_json(document: dict[str, Any], path: Path) -> None:
    """Validate, then write atomically (a reader never sees half a file)."""
    validate(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes it 0600; the file is as readable as the report beside it
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1, ensure_ascii=False)
    os.replace(tmp, path)
