"""Runs a moved batch: cases that must run alone (see ``batching.solo_reason``), one after another in one jar
they share, each moved to sites of its own (see ``relocation``), instead of each in a fresh jar.

Each case runs exactly as alone (one navigation per step and probe, names untouched), only on its own sites;
what it observed, its steps and its jar are mapped back to the case as written before it is judged. A case that
ends in ERROR is run again alone in a fresh jar, and the rest of the batch gets a new shared jar.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from conformance.batching import Batch
from conformance.browsers.base import Session
from conformance.cases import Case
from conformance.relocation import Relocation
from conformance.runner import CaseRun, StepRecord, _tokens, drive, failed, judge, run_case
from servers.app import Registry


def run_moved(case: Case, relocation: Relocation, session: Session, registry: Registry, engine: str,
              batch: int) -> CaseRun:
    """``case`` on its own sites in ``session`` (a jar other moved cases share); never raises."""
    run = CaseRun(case.id, engine, "ERROR",
                  mode=f"batch {batch} (alone, in a jar shared one after another, on sites of its own: "
                       f"{relocation.describe()})")
    started = time.monotonic()
    prefix = f"{next(_tokens)}-"
    back = relocation.back
    finished = False
    try:
        drive(relocation.case(case), session, registry, run, prefix)
        finished = True
    except Exception as e:  # noqa: BLE001 - a browser problem is an ERROR result, not a crash of the run
        failed(run, e)
    try:
        run.jar = [replace(c, name=back(c.name), value=back(c.value), domain=back(c.domain))
                   for c in session.jar() if relocation.owns(c.domain)]
    except Exception:  # noqa: BLE001 - the jar is evidence only
        run.jar = None
    registry.forget(prefix)
    run.steps = [StepRecord(s.kind, None if s.url is None else back(s.url), [back(x) for x in s.lines], s.seconds)
                 for s in run.steps]
    for p in run.probes:
        p.url = back(p.url)
        p.observed = None if p.observed is None else back(p.observed)
    if finished:
        judge(run)
    run.message = back(run.message)
    run.duration = round(time.monotonic() - started, 3)
    return run


def run_moved_batch(batch: Batch, open_session: Callable[[bool], Session], registry: Registry,
                    engine: str) -> list[CaseRun]:
    runs: list[CaseRun] = []
    session: Session | None = None

    def drop() -> None:
        nonlocal session
        if session is not None:
            try:
                session.close()
            except Exception:  # noqa: BLE001
                pass
            session = None

    try:
        for slot, case in enumerate(batch.cases):
            try:
                if session is None:
                    session = open_session(False)
            except Exception:  # noqa: BLE001 - no shared jar: the rest alone (each says why it could not run)
                runs += [run_case(c, open_session, registry, engine, reuse_jar=True) for c in batch.cases[slot:]]
                break
            run = run_moved(case, batch.relocation(slot), session, registry, engine, batch.number)
            if run.status == "ERROR":  # the shared jar may be what failed: this case alone, a new jar for the rest
                drop()
                alone = run_case(case, open_session, registry, engine, reuse_jar=True)
                alone.message = f"ran alone, after batch {batch.number}: {run.message}" + (
                    f"; {alone.message}" if alone.message else "")
                run = alone
            runs.append(run)
    finally:
        drop()
    return runs
