"""``python -m conformance.update_expectations``: rewrites the known-deviation files from a run, keeping reasons."""

from __future__ import annotations

import json
from pathlib import Path

from conformance.expectations import load_expectations
from conformance.update_expectations import main


def results(*rows: tuple[str, str, str, str]) -> dict:
    return {
        "engines": [{"name": "firefox", "version": "153.8.0"}, {"name": "webkit", "version": "WebKitGTK 2.50.6"}],
        "results": [{"case": c, "engine": e, "status": s, "message": m} for c, e, s, m in rows],
    }


def test_adds_new_deviations_removes_fixed_ones_and_keeps_reasons(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "firefox.toml").write_text(
        '["a.kept"]\nstatus = "FAIL"\nreason = "written by a human"\nbug = "https://bugzil.la/1"\n'
        '["a.fixed"]\nstatus = "FAIL"\nreason = "old"\n'
    )
    run = tmp_path / "results.json"
    run.write_text(json.dumps(results(
        ("a.kept", "firefox", "FAIL", "header: expected 'x', observed 'y'"),
        ("a.fixed", "firefox", "PASS", ""),
        ("a.new", "firefox", "FAIL", "header: expected '', observed 'q=1'"),
        ("a.skip", "webkit", "SKIP", "cannot restart"),
        ("a.err", "webkit", "ERROR", "never reached the server"),
    )))
    assert main([str(run), "--dir", str(tmp_path)]) == 0
    firefox = load_expectations("firefox", tmp_path)
    assert set(firefox) == {"a.kept", "a.new"}
    assert (firefox["a.kept"].reason, firefox["a.kept"].bug) == ("written by a human", "https://bugzil.la/1")
    assert "observed 'q=1'" in firefox["a.new"].reason and "153.8.0" in firefox["a.new"].reason
    webkit = load_expectations("webkit", tmp_path)
    assert set(webkit) == {"a.err"} and webkit["a.err"].status == "ERROR"
    assert "a.new" in capsys.readouterr().out


def test_unreadable_results_is_a_clear_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([str(tmp_path / "missing.json"), "--dir", str(tmp_path)]) == 2
    assert "cannot read" in capsys.readouterr().err
