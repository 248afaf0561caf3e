"""Builds, validates and writes ``results.json``: run info, engines, the catalogue, and one result per case × engine."""

from __future__ import annotations

import functools
import json
import os
import platform
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import fastjsonschema

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


class SchemaMismatch(Exception):
    """A document that does not follow the published schema; ``where`` is the path to the first offending value."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"at {where}: {message}")
        self.where = where
        self.message = message


@functools.cache
def _compiled_schema() -> Callable[[Any], Any]:
    # Compiled to Python once: checking a full run's 8,544 results takes 0.25 s, where jsonschema's interpreter
    # took 3.9 s, all of it after the last browser finished. The schema uses nothing newer than draft 7 but
    # ``$defs``, which ``$ref`` reaches by JSON pointer either way; tests/reports/test_schema.py checks the schema
    # itself against the 2020-12 meta-schema.
    return fastjsonschema.compile(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def validate(document: dict[str, Any]) -> None:
    """Raise SchemaMismatch if ``document`` does not follow the published schema."""
    try:
        _compiled_schema()(document)
    except fastjsonschema.JsonSchemaValueException as e:
        where = "/".join(str(p) for p in (e.path or [])[1:]) or "(root)"
        raise SchemaMismatch(where, e.message.removeprefix(e.name or "").strip()) from None


def write_json(document: dict[str, Any], path: Path) -> None:
    """Validate, then write atomically (a reader never sees half a file)."""
    validate(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes it 0600; the file is as readable as the report beside it
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps(document, indent=1, ensure_ascii=False))  # one write, not one per token
    os.replace(tmp, path)
