"""The browser processes a run started (read from /proc): to measure their memory and to stop a hung engine."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path

# What the processes of each engine are called (their command line contains one of these).
ENGINE_PROCESSES = {
    "chromium": ("chromium", "chrome"),
    "firefox": ("firefox",),
    "webkit": ("MiniBrowser", "WebKitWebDriver", "WebKitWebProcess", "WebKitNetworkProcess", "WebKitGPUProcess"),
}


def _table() -> tuple[dict[int, list[int]], dict[int, tuple[str, int]]]:
    children: dict[int, list[int]] = {}
    info: dict[int, tuple[str, int]] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue
        children.setdefault(int(stat[1]), []).append(int(entry.name))
        info[int(entry.name)] = (cmdline, int(stat[21]) * page)
    return children, info


def descendants(root: int | None = None) -> dict[int, tuple[str, int]]:
    """pid -> (command line, resident bytes) of every process below ``root`` (default: this process)."""
    children, info = _table()
    found: dict[int, tuple[str, int]] = {}
    stack = list(children.get(root or os.getpid(), []))
    while stack:
        pid = stack.pop()
        if pid in info:
            found[pid] = info[pid]
        stack.extend(children.get(pid, []))
    return found


def engine_pids(engine: str, root: int | None = None) -> list[int]:
    names = ENGINE_PROCESSES[engine]
    return [pid for pid, (cmd, _) in descendants(root).items() if any(n in cmd.split(" ")[0] for n in names)]


def kill_engine(engine: str) -> int:
    """SIGKILL every process of ``engine`` started by this run; returns how many were killed.

    When the browser is already gone and a call still waits (Playwright can wait forever on a dead browser),
    the Playwright driver is killed instead, which fails every pending call; later Playwright engines of the
    run then report that they cannot start.
    """
    pids = engine_pids(engine)
    if not pids and engine in ("chromium", "firefox"):
        pids = [pid for pid, (cmd, _) in descendants().items() if "playwright/driver" in cmd]
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return len(pids)


class Watchdog:
    """Calls ``on_timeout`` if the ``with`` block is still running after ``seconds``, and again every ``again``
    seconds while it still runs (a first kill can leave a call waiting on a driver; the next one kills that)."""

    def __init__(self, seconds: float, on_timeout: Callable[[], object], again: float = 5.0) -> None:
        self.seconds = seconds
        self.again = again
        self.fired = False
        self._on_timeout = on_timeout
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True, name="case-watchdog")

    def _watch(self) -> None:
        wait = self.seconds
        while not self._done.wait(wait):
            self.fired = True
            self._on_timeout()
            wait = self.again

    def __enter__(self) -> Watchdog:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
