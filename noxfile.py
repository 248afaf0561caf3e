"""nox sessions: ``browsers`` (the conformance run and its report), ``tests`` (the suite's own tests), ``bench``,
``lint``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.sessions = ["tests"]
nox.options.reuse_existing_virtualenvs = True

ENGINES = ("chromium", "firefox", "webkit")
# What the Debian fallback of each engine needs (see conformance/browsers/).
SYSTEM = {
    "chromium": (["/usr/bin/chromium"], ["chromium"]),
    "firefox": (["/usr/bin/firefox-esr"], ["firefox-esr"]),
    "webkit": (["/usr/bin/WebKitWebDriver", "/usr/bin/Xvfb"], ["webkit2gtk-driver", "xvfb"]),
}


def _playwright_has(session: nox.Session, engine: str) -> bool:
    """Whether Playwright's own build of ``engine`` is installed (asked quietly: "no" is normal here)."""
    code = (f"from playwright.sync_api import sync_playwright\nimport os,sys\n"
            f"with sync_playwright() as p: sys.exit(0 if os.path.exists(p.{engine}.executable_path) else 1)")
    python = Path(session.bin) / "python"
    return subprocess.run([str(python), "-c", code], capture_output=True, check=False).returncode == 0


def ensure_browsers(session: nox.Session, engines: list[str]) -> None:
    """Playwright's builds where they can be downloaded; else, as root on Debian/Ubuntu, the system packages."""
    missing = [e for e in engines
               if not _playwright_has(session, e) and not all(Path(p).exists() for p in SYSTEM[e][0])]
    if not missing:
        return
    try:
        session.run("python", "-m", "playwright", "install", *missing, silent=True)
        return
    except nox.command.CommandFailed:
        session.log(f"Playwright could not download {', '.join(missing)}; trying the system packages")
    packages = [pkg for e in missing for pkg in SYSTEM[e][1]]
    command = ["apt-get", "install", "-y", "-q", *packages]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
        subprocess.run(command, check=True, env=env)
    else:
        session.warn(f"install the browsers with: sudo {' '.join(command)}  (or: python -m playwright install)")


def _engines_from(session: nox.Session) -> list[str]:
    """The engines ``--browser X`` / ``--browser=X`` ask for (all when none), each checked before anything runs."""
    args = session.posargs
    chosen = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--browser"]
    chosen += [a.split("=", 1)[1] for a in args if a.startswith("--browser=")]
    for engine in chosen:
        if engine not in ENGINES:
            session.error(f"unknown engine {engine!r}: use --browser with one of {', '.join(ENGINES)}")
    return chosen or list(ENGINES)


@nox.session
def browsers(session: nox.Session) -> None:
    """Run every case on every available engine; write out/results.json, out/report.html, out/junit.xml."""
    engines = _engines_from(session)
    session.install("-e", ".")
    ensure_browsers(session, engines)
    session.run("pytest", "conformance/cases", "-p", "no:cacheprovider", "--report-dir", "out",
                "--junitxml", "out/junit.xml", "-o", "junit_family=xunit2", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """The suite's own tests: servers, case loading, the model, the report (browser tests included)."""
    session.install("-e", ".[dev]")
    ensure_browsers(session, ["chromium"])
    session.run("pytest", "tests", "-p", "no:cacheprovider", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """The same sample of cases the naive way and the suite's way, per engine: wall times, ratio, peak memory."""
    engines = _engines_from(session)
    session.install("-e", ".")
    ensure_browsers(session, engines)
    session.run("python", "-m", "conformance.bench", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff")
    session.run("ruff", "check", ".")
