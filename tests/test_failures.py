"""A browser that crashes or hangs mid-run, and Ctrl-C: the run ends cleanly, says why, and leaves nothing behind.

Each test starts the real conformance run (Chromium and WebKit) in a subprocess and breaks it from outside.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conformance.processes import ENGINE_PROCESSES, descendants, engine_pids

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
CASE = '''[[case]]
id = "demo.n{n}"
title = "plain cookie {n}"
anchor = "name-storage-model"
level = "MUST"
requirement = "The user agent stores the cookie."
steps = [ {{ set = "https://www.site.test/d{n}/set", cookies = ["c{n}=1; Path=/"] }} ]
probes = [ {{ header = "https://www.site.test/", expect = "c{n}=1" }},
  {{ document = "https://www.site.test/", expect = "c{n}=1" }} ]
'''


def tagged_processes(tag: str) -> list[str]:
    """Browser, driver and display processes that inherited this test's tag (still running, or leaked)."""
    names = [n for group in ENGINE_PROCESSES.values() for n in group] + ["Xvfb", "playwright/driver"]
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                env = (entry / "environ").read_bytes()
            except OSError:
                continue
            if f"COOKIE_TEST_TAG={tag}".encode() in env and any(n in cmd for n in names):
                found.append(f"{entry.name}: {cmd[:120]}")
    return found


def start_run(tmp_path: Path, *extra: str, count: int = 40) -> subprocess.Popen[str]:
    env = {**os.environ, "COOKIE_TEST_TAG": tmp_path.name}
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "demo.toml").write_text("\n".join(CASE.format(n=n) for n in range(count)))
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", str(cases), "-p", "conformance.plugin", "-p", "no:cacheprovider",
         "--cases-dir", str(cases), "--report-dir", str(tmp_path / "out"), "--rootdir", str(ROOT), "-q",
         "--browser", "chromium", "--browser", "webkit", "--alone", *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )


def wait_for_chromium(proc: subprocess.Popen[str], timeout: float = 60) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = engine_pids("chromium", proc.pid)
        if pids:
            time.sleep(3)  # let a few cases finish
            return engine_pids("chromium", proc.pid)
        time.sleep(0.2)
    raise AssertionError("Chromium never started")


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    out, _ = proc.communicate(timeout=600)
    return proc.returncode, out


@pytest.fixture
def no_leftovers(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield
    time.sleep(1)
    left = tagged_processes(tmp_path.name)
    assert not left, f"processes left behind: {left}"


def results(tmp_path: Path) -> dict[tuple[str, str], dict]:
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    assert (tmp_path / "out" / "report.html").exists()
    return {(r["case"], r["engine"]): r for r in data["results"]}


def test_crashed_browser_turns_its_unfinished_cases_into_errors(tmp_path: Path, no_leftovers: None) -> None:
    proc = start_run(tmp_path)
    for pid in wait_for_chromium(proc):
        os.kill(pid, signal.SIGKILL)
    code, out = finish(proc)
    assert code == 1, out
    by = results(tmp_path)
    chromium = [r for (_, e), r in by.items() if e == "chromium"]
    assert any(r["status"] == "PASS" for r in chromium), "some cases finished before the kill"
    errors = [r for r in chromium if r["status"] == "ERROR"]
    assert errors and all(r["message"] for r in errors)
    assert all(r["status"] == "PASS" for (_, e), r in by.items() if e == "webkit"), "the other engine finished"
    assert len(by) == 80


def test_hung_browser_is_killed_after_the_case_timeout(tmp_path: Path, no_leftovers: None) -> None:
    proc = start_run(tmp_path, "--case-timeout", "5", count=30)
    for pid in wait_for_chromium(proc):
        os.kill(pid, signal.SIGSTOP)
    code, out = finish(proc)
    assert code == 1, out
    by = results(tmp_path)
    timed_out = [r for (_, e), r in by.items() if e == "chromium" and "timed out after 5 s" in r["message"]]
    assert timed_out, out
    # ERROR is not a verdict: the case was tried once more, and its message keeps what the first attempt said.
    assert all("second attempt" in r["message"] for r in timed_out), timed_out
    assert all(r["status"] == "PASS" for (_, e), r in by.items() if e == "webkit")


def test_ctrl_c_leaves_nothing_running(tmp_path: Path, no_leftovers: None) -> None:
    proc = start_run(tmp_path)
    wait_for_chromium(proc)
    proc.send_signal(signal.SIGINT)
    code, out = finish(proc)
    assert code != 0
    assert "KeyboardInterrupt" in out or "Interrupted" in out, out


def test_a_killed_engine_worker_turns_its_cases_into_errors(tmp_path: Path, no_leftovers: None) -> None:
    """Each engine runs in a worker process of its own; killing one leaves the other engine's results intact."""
    proc = start_run(tmp_path)
    wait_for_chromium(proc)
    workers = [pid for pid, (cmd, _) in descendants(proc.pid).items()
               if "conformance.engine_worker" in cmd and "--engine chromium" in cmd]
    assert len(workers) == 1, workers
    os.kill(workers[0], signal.SIGKILL)
    code, out = finish(proc)
    assert code == 1, out
    by = results(tmp_path)
    errors = [r for (_, e), r in by.items() if e == "chromium" and r["status"] == "ERROR"]
    assert errors and all("worker process ended" in r["message"] for r in errors), out
    assert all(r["status"] == "PASS" for (_, e), r in by.items() if e == "webkit"), "the other engine finished"
    assert len(by) == 80
