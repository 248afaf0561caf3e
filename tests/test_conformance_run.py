"""End to end: the conformance run on a real browser fails on an unexpected result, naming the case and both values.

These start Chromium (the fastest engine here) through the real plugin in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CASE = '''[[case]]
id = "demo.httponly.hidden"
title = "HttpOnly cookie is sent but hidden from script"
anchor = "name-the-httponly-attribute"
level = "MUST"
requirement = "The user agent excludes HttpOnly cookies from non-HTTP APIs."
steps = [ { set = "https://www.site.test/", cookies = ["h=<script>alert(1)</script>; HttpOnly", "v=1"] } ]
probes = [
  { header = "https://www.site.test/x", expect = "h=<script>alert(1)</script>; v=1" },
  { document = "https://www.site.test/", expect = "EXPECTED_DOC" },
]
'''

pytestmark = pytest.mark.slow


MOVED_CASE = '''[[case]]
id = "demo.nameless.moved"
title = "A cookie without a name is stored"
anchor = "name-the-set-cookie-header-field"
level = "MUST"
requirement = "A Set-Cookie line without '=' gives a cookie with an empty name."
steps = [ { set = "https://www.site.test/", cookies = ["lonely"] } ]
probes = [ { header = "https://www.site.test/", expect = "lonely" } ]
'''


def run(tmp_path: Path, expected_doc: str, expectations: str = "", extra: tuple[str, ...] = (),
        more_cases: str = "") -> tuple[int, str, dict]:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "demo.toml").write_text(CASE.replace("EXPECTED_DOC", expected_doc) + more_cases)
    exp = tmp_path / "expectations"
    exp.mkdir()
    if expectations:
        (exp / "chromium.toml").write_text(expectations)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", str(cases), "-p", "conformance.plugin", "-p", "no:cacheprovider",
         "--cases-dir", str(cases), "--expectations-dir", str(exp), "--report-dir", str(out),
         "--browser", "chromium", "-q", "--rootdir", str(ROOT), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    results = json.loads((out / "results.json").read_text()) if (out / "results.json").exists() else {}
    return proc.returncode, proc.stdout + proc.stderr, results


def test_passing_case_exits_zero_and_writes_outputs(tmp_path: Path) -> None:
    code, output, results = run(tmp_path, "v=1")
    assert code == 0, output
    (result,) = results["results"]
    assert result["status"] == "PASS" and result["engine"] == "chromium"
    assert [p["observed"] for p in result["probes"]] == ["h=<script>alert(1)</script>; v=1", "v=1"]
    assert (tmp_path / "out" / "report.html").exists()
    assert results["engines"][0]["version"][0].isdigit()


def test_changed_expectation_fails_naming_case_and_values(tmp_path: Path) -> None:
    code, output, results = run(tmp_path, "v=2")
    assert code == 1, output
    assert "demo.httponly.hidden [chromium]: FAIL, expected PASS" in output
    assert "expected: 'v=2'" in output and "observed: 'v=1'" in output
    assert results["results"][0]["unexpected"] is True


def test_known_deviation_keeps_the_run_green_and_its_fix_turns_it_red(tmp_path: Path) -> None:
    known = '["demo.httponly.hidden"]\nstatus = "FAIL"\nreason = "demo deviation"\n'
    code, output, results = run(tmp_path / "a", "v=2", known) if (tmp_path / "a").mkdir() is None else (0, "", {})
    assert code == 0, output
    assert results["results"][0]["label"] == "expected-FAIL"
    code, output, results = run(tmp_path / "b", "v=1", known) if (tmp_path / "b").mkdir() is None else (0, "", {})
    assert code == 1, output
    assert results["results"][0]["label"] == "unexpected-PASS"
    assert "demo.httponly.hidden [chromium]: PASS, expected FAIL" in output


@pytest.mark.parametrize("where", [(), ("--one-engine-at-a-time",)], ids=["worker", "in-process"])
def test_a_case_that_must_run_alone_runs_moved_to_sites_of_its_own(tmp_path: Path, where: tuple[str, ...]) -> None:
    """Both ways of running one engine serve the moved sites (the in-process one once did not: every moved case
    failed to load and was run again alone)."""
    code, output, results = run(tmp_path, "v=1", extra=where, more_cases=MOVED_CASE)
    assert code == 0, output
    moved = next(r for r in results["results"] if r["case"] == "demo.nameless.moved")
    assert moved["status"] == "PASS" and "sites of its own" in moved["mode"], moved
    assert moved["message"] == "" and moved["probes"][0]["observed"] == "lonely"
