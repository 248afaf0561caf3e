"""Runs a moved batch: cases that must run alone (see ``batching.solo_reason``), in one jar they share, each moved to
sites of its own (see ``relocation``), instead of each in a fresh jar. Names are never touched.

The cases that only their names keep out of a batch (a cookie without a name, a control character, a size limit:
``batching.observable_from_one_page``) go first, all together, observed the way a batch observes (requests and
frames from one page per origin, see ``batch_runner``): their own sites keep them apart, as suffixes keep apart
the cases of a batch. The others then run one after another, each exactly as alone (one navigation per step and
probe). Either way, what a case observed, its steps and its jar are mapped back to the case as written before it
is judged. A case that ends in ERROR, or whose operation fails, is run again alone in a fresh jar (and after an
ERROR the rest of the batch gets a new shared jar).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import replace

from conformance.batch_runner import _prepare, _Prepared, _schedule, add_probe_outcomes, batch_failure, rerun_alone
from conformance.batching import Batch, Renamer, observable_from_one_page
from conformance.browsers.base import JarCookie, Session
from conformance.cases import Case
from conformance.relocation import Relocation
from conformance.runner import CaseRun, StepRecord, _tokens, drive, failed, judge, run_case
from servers.app import Registry


class _NamesAsTheyAre(Renamer):
    """Moved cases keep their cookie names: their own sites keep them apart."""

    def __init__(self) -> None:
        self.suffix = ""

    def line(self, line: str) -> str:
        return line

    def observed(self, value: str) -> str:
        return value

    def strays(self, value: str) -> list[str]:
        return []

    def owns(self, cookie_name: str) -> bool:
        return True

    def original_name(self, cookie_name: str) -> str:
        return cookie_name


def _mapped_back(run: CaseRun, relocation: Relocation, jar: list[JarCookie] | None) -> None:
    """``run`` (steps, probes, message) and the cookies of ``jar`` on the move's sites, as the case is written."""
    back = relocation.back
    run.jar = None if jar is None else [
        replace(c, name=back(c.name), value=back(c.value), domain=back(c.domain))
        for c in jar if relocation.owns(c.domain)]
    run.steps = [StepRecord(s.kind, None if s.url is None else back(s.url), [back(x) for x in s.lines], s.seconds)
                 for s in run.steps]
    for p in run.probes:
        p.url = back(p.url)
        p.observed = None if p.observed is None else back(p.observed)
    run.message = back(run.message)


def run_moved_together(batch: Batch, slots: list[int], session: Session, registry: Registry,
                       engine: str) -> dict[int, CaseRun | None]:
    """The cases at ``slots`` of ``batch``, each on its move's sites, together in ``session`` as a batch runs its
    cases; None for a case whose operation failed (it is to run alone)."""
    started = time.monotonic()
    prefix = f"{next(_tokens)}-m"
    tokens = itertools.count(1)
    prepared: list[tuple[int, Relocation, _Prepared]] = []
    for slot in slots:
        relocation = batch.relocation(slot)
        mode = (f"batch {batch.number} (on sites of its own: {relocation.describe()}; observed with the other moved "
                f"cases of its kind, from one page per origin, as a batch observes; names untouched)")
        prepared.append((slot, relocation, _prepare(batch, slot, relocation.case(batch.cases[slot]), engine,
                                                    _NamesAsTheyAre(), mode)))
    _schedule(session, [p for _, _, p in prepared], registry, lambda: f"{prefix}{next(tokens)}")
    try:
        jar: list[JarCookie] | None = session.jar()
    except Exception:  # noqa: BLE001 - the jar is evidence only
        jar = None
    registry.forget(prefix)
    share = round((time.monotonic() - started) / max(1, len(slots)), 3)
    runs: dict[int, CaseRun | None] = {}
    for slot, relocation, p in prepared:
        if p.error:
            runs[slot] = None
            continue
        run = p.run
        add_probe_outcomes(p)  # on the move's sites; mapped back below
        _mapped_back(run, relocation, jar)
        judge(run)
        run.duration = share
        runs[slot] = run
    return runs


def run_moved(case: Case, relocation: Relocation, session: Session, registry: Registry, engine: str,
              batch: int) -> CaseRun:
    """``case`` on its own sites in ``session`` (a jar other moved cases share); never raises."""
    run = CaseRun(case.id, engine, "ERROR",
                  mode=f"batch {batch} (alone, in a jar shared one after another, on sites of its own: "
                       f"{relocation.describe()})")
    started = time.monotonic()
    prefix = f"{next(_tokens)}-"
    finished = False
    try:
        drive(relocation.case(case), session, registry, run, prefix)
        finished = True
    except Exception as e:  # noqa: BLE001 - a browser problem is an ERROR result, not a crash of the run
        failed(run, e)
    try:
        jar: list[JarCookie] | None = session.jar()
    except Exception:  # noqa: BLE001 - the jar is evidence only
        jar = None
    registry.forget(prefix)
    _mapped_back(run, relocation, jar)
    if finished:
        judge(run)
    run.duration = round(time.monotonic() - started, 3)
    return run


def run_moved_batch(batch: Batch, open_session: Callable[[bool], Session], registry: Registry,
                    engine: str) -> list[CaseRun]:
    runs: dict[int, CaseRun] = {}
    session: Session | None = None

    def drop() -> None:
        nonlocal session
        if session is not None:
            try:
                session.close()
            except Exception:  # noqa: BLE001
                pass
            session = None

    def alone(slot: int, why: str) -> CaseRun:
        return rerun_alone(batch, batch.cases[slot], why, open_session, registry, engine)

    together = [slot for slot, case in enumerate(batch.cases) if observable_from_one_page(case)]
    try:
        if together:
            try:
                session = open_session(False)
                done = run_moved_together(batch, together, session, registry, engine)
            except Exception as e:  # noqa: BLE001 - the browser failed under them: each alone
                drop()
                done = {}
                for slot in together:
                    runs[slot] = alone(slot, batch_failure(e))
            for slot, run in done.items():
                runs[slot] = run if run is not None else alone(slot, "an operation failed in the moved batch")
        for slot, case in enumerate(batch.cases):
            if slot in runs:
                continue
            try:
                if session is None:
                    session = open_session(False)
            except Exception:  # noqa: BLE001 - no shared jar: the rest alone (each says why it could not run)
                for rest in range(slot, len(batch.cases)):
                    if rest not in runs:
                        runs[rest] = run_case(batch.cases[rest], open_session, registry, engine, reuse_jar=True)
                break
            run = run_moved(case, batch.relocation(slot), session, registry, engine, batch.number)
            if run.status == "ERROR":  # the shared jar may be what failed: this case alone, a new jar for the rest
                drop()
                run = alone(slot, run.message)
            runs[slot] = run
    finally:
        drop()
    return [runs[slot] for slot in sorted(runs)]
