"""Known deviations per engine, and how a status is judged against them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.browsers.base import ENGINES
from conformance.cases import load_catalogue
from conformance.expectations import ExpectationFileError, expected_for, load_expectations
from reports.results import judge


@pytest.mark.parametrize(
    ("status", "expected", "unexpected", "label"),
    [
        ("PASS", "PASS", False, "PASS"),
        ("FAIL", "PASS", True, "FAIL"),
        ("ERROR", "PASS", True, "ERROR"),
        ("FAIL", "FAIL", False, "expected-FAIL"),
        ("PASS", "FAIL", True, "unexpected-PASS"),
        ("ERROR", "FAIL", True, "unexpected-ERROR"),
        ("SKIP", "PASS", False, "SKIP"),
    ],
)
def test_judge(status: str, expected: str, unexpected: bool, label: str) -> None:
    v = judge(status, expected)
    assert (v.unexpected, v.label) == (unexpected, label)


def test_version_conditions(tmp_path: Path) -> None:
    (tmp_path / "firefox.toml").write_text(
        '["a.b"]\nstatus = "FAIL"\nreason = "r"\nversions = ">=150"\n'
        '["a.c"]\nstatus = "FAIL"\nreason = "r"\nversions = "100-120"\n'
    )
    table = load_expectations("firefox", tmp_path)
    assert expected_for(table, "a.b", "153.8.0").status == "FAIL"
    assert expected_for(table, "a.b", "140.1").status == "PASS"
    assert expected_for(table, "a.c", "153.8.0").status == "PASS"
    assert expected_for(table, "x.y", "153").status == "PASS"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('["a.b"]\nstatus = "BROKEN"\nreason = "r"\n', "status must be one of"),
        ('["a.b"]\nstatus = "FAIL"\n', "needs a reason"),
        ('["a.b"]\nstatus = "FAIL"\nreason = "r"\nbugg = "x"\n', "unknown key"),
    ],
)
def test_bad_expectation_files(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "webkit.toml").write_text(text)
    with pytest.raises(ExpectationFileError, match=message):
        load_expectations("webkit", tmp_path)


@pytest.mark.parametrize("engine", ENGINES)
def test_shipped_expectations_name_real_cases(engine: str) -> None:
    ids = {c.id for c in load_catalogue()}
    table = load_expectations(engine)
    assert set(table) <= ids, f"{engine}.toml names cases that do not exist: {sorted(set(table) - ids)}"


def test_a_known_intermittent_result_accepts_either_status(tmp_path: Path) -> None:
    (tmp_path / "webkit.toml").write_text('["a.b"]\nstatus = "FAIL"\nreason = "r"\nintermittent = ["PASS"]\n')
    entry = expected_for(load_expectations("webkit", tmp_path), "a.b", "2.50")
    assert (entry.verdict("FAIL").unexpected, entry.verdict("FAIL").label) == (False, "expected-FAIL")
    assert (entry.verdict("PASS").unexpected, entry.verdict("PASS").label) == (False, "PASS")
    assert entry.verdict("ERROR").unexpected


def test_a_bad_intermittent_list_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "webkit.toml").write_text('["a.b"]\nstatus = "FAIL"\nreason = "r"\nintermittent = ["MAYBE"]\n')
    with pytest.raises(ExpectationFileError, match="webkit.toml:1: 'a.b': intermittent must be"):
        load_expectations("webkit", tmp_path)
