"""The published JSON Schema accepts what the plugin writes and rejects what it must not."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest

from reports.results import SCHEMA_PATH, SchemaMismatch, validate


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_sample_validates(results: dict[str, Any]) -> None:
    validate(results)


def _broken(results: dict[str, Any], how: str) -> dict[str, Any]:
    doc = copy.deepcopy(results)
    if how == "unknown status":
        doc["results"][0]["status"] = "MAYBE"
    elif how == "unknown label":
        doc["results"][0]["label"] = "expected-PASS"
    elif how == "extra key":
        doc["cases"][0]["tags"] = ["x"]
    elif how == "missing key":
        del doc["engines"][0]["install"]
    elif how == "bad level":
        doc["cases"][0]["level"] = "MAY"
    elif how == "bad id":
        doc["cases"][0]["id"] = "Path Default"
    elif how == "wrong schema version":
        doc["schema_version"] = 2
    elif how == "javascript anchor":
        doc["cases"][0]["anchor_url"] = "javascript:alert(1)"
    return doc


@pytest.mark.parametrize(
    "how",
    ["unknown status", "unknown label", "extra key", "missing key", "bad level", "bad id", "wrong schema version",
     "javascript anchor"],
)
def test_schema_rejects(results: dict[str, Any], how: str) -> None:
    with pytest.raises(SchemaMismatch):
        validate(_broken(results, how))
