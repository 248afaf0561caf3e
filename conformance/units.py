"""Runs one unit of a conformance run on one engine under a watchdog: a batch of cases sharing a jar, or a case
alone. A unit that outlives its time limit gets its browser killed and its unfinished cases become ERROR.

ERROR means the harness could not observe (a browser that hung or lost a request), never a verdict, so a case
alone that ends in ERROR is tried once more in a fresh jar; its message keeps what the first attempt said.
(A case of a batch that errs is already run again alone by the batch runner.)"""

from __future__ import annotations

from conformance.batch_runner import run_batch
from conformance.batching import Batch
from conformance.browsers.base import Session
from conformance.cases import Case
from conformance.engines import EnginePool
from conformance.processes import Watchdog, kill_engine
from conformance.runner import CaseRun, run_case
from servers.app import Registry


def run_unit(case: Case, batch: Batch | None, pool: EnginePool, registry: Registry, engine: str,
             case_timeout: float) -> list[CaseRun]:
    """The runs of ``batch`` (every case in it) when ``case`` belongs to one, else of ``case`` alone."""

    def open_session(restartable: bool) -> Session:
        return pool.session(engine, restartable, case.browser)

    def attempt() -> list[CaseRun]:
        limit = case_timeout + (len(batch.cases) if batch else 0)
        with Watchdog(limit, lambda: kill_engine(engine)) as watchdog:
            if batch is not None:
                runs = run_batch(batch, open_session, registry, engine, f"{engine[:2]}")
            else:
                runs = [run_case(case, open_session, registry, engine, reuse_jar=True)]
        earlier = pool.killed.get(engine)
        if watchdog.fired:
            pool.killed[engine] = f"a case timed out after {watchdog.seconds:.0f} s and the browser was killed"
        for run in runs:
            if run.status != "ERROR":
                continue
            if watchdog.fired:
                run.message = f"timed out after {watchdog.seconds:.0f} s; the browser was killed. {run.message}"
            elif earlier and "EngineGone" in run.message:  # the browser was killed for an earlier case's hang
                run.message = f"earlier, {earlier}. {run.message}"
        return runs

    runs = attempt()
    if batch is None and runs[0].status == "ERROR":
        first = runs[0]
        runs = attempt()
        runs[0].message = (f"second attempt ({runs[0].status}) after an ERROR: {first.message}"
                           + (f"; second attempt: {runs[0].message}" if runs[0].message else ""))
        runs[0].duration = round(runs[0].duration + first.duration, 3)
    return runs
