"""Starts one engine worker process per engine (``conformance.engine_worker``) and hands their results to the
plugin as they arrive, so the engines of a run go at the same time instead of one after the other.

A worker that dies turns its engine's unfinished cases into ERROR with the reason; stopping (end of the run,
Ctrl-C) terminates every worker, which closes its browsers, and kills what is left after a grace period.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from conformance import netns
from conformance.browsers.base import ENGINE_FAMILY, EngineInfo
from conformance.cases import Case
from conformance.processes import descendants
from conformance.runner import CaseRun

STOP_GRACE_S = 20.0
ROOT = Path(__file__).resolve().parents[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the worker gets SIGTERM if the run that started it dies, so no worker outlives its run."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@dataclass
class _Worker:
    engine: str
    proc: subprocess.Popen[bytes]
    out_path: Path
    log_path: Path
    reader: IO[str] | None = None
    info: EngineInfo | None = None
    runs: dict[str, CaseRun] = field(default_factory=dict)
    finished: bool = False

    def poll(self) -> bool:
        """Read what the worker has written since last time; True if anything new arrived."""
        if self.reader is None:
            if not self.out_path.exists():
                return False
            self.reader = self.out_path.open(encoding="utf-8")
        new = False
        while True:
            position = self.reader.tell()
            line = self.reader.readline()
            if not line.endswith("\n"):
                self.reader.seek(position)  # a line still being written
                return new
            record: dict[str, Any] = json.loads(line)
            new = True
            if "info" in record:
                self.info = EngineInfo(**record["info"])
            elif "run" in record:
                run = CaseRun.from_json(record["run"])
                self.runs[run.case_id] = run
            elif record.get("done"):
                self.finished = True

    def last_words(self) -> str:
        try:
            lines = [x for x in self.log_path.read_text(errors="replace").splitlines() if x.strip()]
        except OSError:
            return ""
        return lines[-1].strip()[:300] if lines else ""


class EngineWorkers:
    """One worker process per engine, all started at once."""

    def __init__(self, engines: list[str], cases: list[Case], *, alone: bool, case_timeout: float,
                 headless: bool, channel: str | None) -> None:
        self.case_timeout = case_timeout
        self._dir = Path(tempfile.mkdtemp(prefix="cookie-workers-"))
        ids = self._dir / "ids.txt"
        ids.write_text("".join(c.id + "\n" for c in cases), encoding="utf-8")
        files = sorted({c.source.rsplit(":", 1)[0] for c in cases})
        self.workers: dict[str, _Worker] = {}
        for engine in engines:
            out, log = self._dir / f"{engine}.jsonl", self._dir / f"{engine}.log"
            # Headless, in a network namespace of its own where the system allows it (see conformance.netns).
            command = [*(netns.prefix() if headless else []), sys.executable, "-m", "conformance.engine_worker",
                       "--engine", engine, "--ids", str(ids), "--out", str(out), "--case-timeout", str(case_timeout)]
            for f in files:
                command += ["--case-file", f]
            if alone:
                command.append("--alone")
            if not headless:
                command.append("--headed")
            if channel and engine == "chromium":
                command += ["--channel", channel]
            # The worker's temporary files (run CA, profiles) go under this run's directory, which stop()
            # removes, so even a worker killed with SIGKILL leaves nothing in /tmp.
            tmp = self._dir / f"tmp-{engine}"
            tmp.mkdir()
            with log.open("wb") as log_file:
                proc = subprocess.Popen(command, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, env={**os.environ, "TMPDIR": str(tmp)},
                                        preexec_fn=_die_with_parent if sys.platform == "linux" else None)
            self.workers[engine] = _Worker(engine, proc, out, log)

    def info(self, engine: str) -> EngineInfo:
        """The engine's info as its worker reported it (waits for the worker to start the engine)."""
        w = self.workers[engine]
        while w.info is None:
            if not w.poll():
                if w.proc.poll() is not None and not w.poll():
                    w.info = EngineInfo(engine, ENGINE_FAMILY[engine], "not available", "none", "", True,
                                        available=False, install="",
                                        reason=f"its worker process ended (exit code {w.proc.returncode}) before "
                                               f"the engine started: {w.last_words()}")
                    break
                time.sleep(0.05)
        return w.info

    def ready(self, engine: str, case_id: str) -> bool:
        """Whether ``result(engine, case_id)`` would return without waiting."""
        w = self.workers[engine]
        w.poll()
        return case_id in w.runs or w.proc.poll() is not None

    def result(self, engine: str, case_id: str) -> CaseRun:
        """The run of ``case_id`` in ``engine``, once its worker has written it."""
        w = self.workers[engine]
        while case_id not in w.runs:
            if w.poll():
                continue
            if w.proc.poll() is not None and not w.poll():
                return CaseRun(case_id, engine, "ERROR",
                               message=f"the {engine} worker process ended (exit code {w.proc.returncode}) before "
                                       f"this case finished: {w.last_words()}")
            time.sleep(0.02)
        return w.runs.pop(case_id)

    def stop(self) -> None:
        """Terminate every worker (each closes its browsers); kill whatever is still running after the grace."""
        for w in self.workers.values():
            if w.proc.poll() is None:
                w.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_S
        for w in self.workers.values():
            left = descendants(w.proc.pid) if w.proc.poll() is None else {}
            try:
                w.proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                left = {**left, **descendants(w.proc.pid)}
                w.proc.kill()
                w.proc.wait()
            for pid, (command, _) in left.items():  # what a killed worker, or one that failed to close, left
                _kill_if_still(pid, command)
            if w.reader is not None:
                w.reader.close()
        shutil.rmtree(self._dir, ignore_errors=True)


def _kill_if_still(pid: int, command: str) -> None:
    """SIGKILL ``pid`` if it is still the process it was (same command line), not a reused pid."""
    try:
        now = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        if now == command:
            os.kill(pid, signal.SIGKILL)
    except (OSError, ProcessLookupError):
        pass
