"""Runs a batch of cases in one browser jar, one page per origin at a time (see ``batching``).

Each round visits one origin and performs the next operation of every case ready there: a set step is a
``fetch`` of the URL that answers with the
case's Set-Cookie lines, a header probe a ``fetch`` of the echo URL (the server records the Cookie header it
received), a ``document.cookie`` probe or write happens in a same-origin ``iframe`` loaded at the probe's URL,
so the page really is at that URL. The operations of a round (one per case, so independent) run together
in one script call from a page of that origin (same-origin, so same-site); real waits of different cases
overlap. Within a case, steps stay strictly in order; its probes, which only read, come after its last step in
any order, chosen to save page loads.
A subresource request a page of another site makes (``from``/``via``) is made from a page at that ``from`` URL,
exactly as alone; those of several cases together. A restart waits until every case of the batch is ready for
it; then the browser restarts once. A case whose operation fails in the batch, or that sees a cookie the name
filter cannot attribute (see ``Renamer.strays``), is run again alone, in a fresh jar, and says so.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from conformance.batching import SUFFIX, Batch, Renamer
from conformance.browsers.base import JarCookie, RestartUnsupported, Session, SettingUnsupported
from conformance.cases import Case, expand, utcnow
from conformance.runner import (
    CROSS_SITE_SCRIPT,
    CaseRun,
    ProbeOutcome,
    StepRecord,
    _await_echo,
    _with_query,
    decode_wire,
    judge,
    leaves_only_cookies,
    probe_target,
    run_case,
)
from servers.app import Registry

OP_TIMEOUT_MS = 10_000

# One call per round: the operations belong to different cases, so they run concurrently; each reports back.
PHASE_SCRIPT = """async (ops) => {
  const timeout = (ms, what) => new Promise(
    (_, reject) => setTimeout(() => reject(new Error(what + " timed out")), ms));
  const one = async (op) => {
    try {
      if (op.kind === "fetch") {
        const response = await Promise.race([
          fetch(op.url, {credentials: "include", cache: "no-store", redirect: "manual"}),
          timeout(%(timeout)d, "fetch " + op.url)]);
        await response.arrayBuffer();
        return {ok: true, status: response.status};
      }
      const frame = document.createElement("iframe");
      const loaded = new Promise((resolve) => { frame.onload = resolve; });
      frame.src = op.url;
      document.body.appendChild(frame);
      await Promise.race([loaded, timeout(%(timeout)d, "frame " + op.url)]);
      const doc = frame.contentDocument;
      for (const w of (op.writes || [])) doc.cookie = w;
      const cookie = doc.cookie;
      frame.remove();
      return {ok: true, cookie: cookie};
    } catch (e) {
      return {ok: false, error: String(e && e.message || e)};
    }
  };
  return await Promise.all(ops.map(one));
}""".replace("%(timeout)d", str(OP_TIMEOUT_MS))
# Subresource requests of several cases from one page of another site, each the way it is made alone.
CROSS_SITE_ROUND = f"async (ops) => await Promise.all(ops.map({CROSS_SITE_SCRIPT}))"


@dataclass
class _Op:
    kind: str  # set | echo | frame | wait | restart
    url: str = ""  # the (moved) URL, without the harness's query
    lines: list[str] = field(default_factory=list)  # set: the (renamed) Set-Cookie lines; frame: cookie writes
    seconds: float = 0.0
    probe: int = -1  # index of the probe this op observes, -1 for steps
    source: str | None = None  # set / echo: the page of another site that makes the request ...
    via: str = "navigate"  # ... and how
    redirect: str | None = None  # echo: requested first; it answers 302 to the echo URL

    @property
    def page(self) -> str:
        """The URL of the page this operation is made from."""
        return self.source or _origin(self.url) + "/"


@dataclass
class _Prepared:
    case: Case
    renamer: Renamer
    ops: list[_Op]
    run: CaseRun
    observed: dict[int, str] = field(default_factory=dict)
    error: str = ""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _prepare(batch: Batch, slot: int, case: Case, engine: str, renamer: Renamer | None = None,
             mode: str = "") -> _Prepared:
    renamer = renamer or Renamer(batch.number, slot)
    now = utcnow()
    mode = mode or f"batch {batch.number} (cookie names suffixed {renamer.suffix})"
    run = CaseRun(case.id, engine, "ERROR", mode=mode)
    ops: list[_Op] = []
    for step in case.steps:
        if step.kind == "set":
            assert step.url is not None
            lines = [expand(line, now) for line in step.lines]
            run.steps.append(StepRecord("set", step.url, lines))
            ops.append(_Op("set", step.url, [renamer.line(line) for line in lines], source=step.source,
                           via=step.via))
        elif step.kind == "script":
            assert step.url is not None
            writes = [expand(w, now) for w in step.lines]
            run.steps.append(StepRecord("script", step.url, writes))
            ops.append(_Op("frame", step.url, [renamer.line(w) for w in writes]))
        elif step.kind == "wait":
            run.steps.append(StepRecord("wait", None, [], step.seconds))
            ops.append(_Op("wait", seconds=step.seconds))
        elif step.kind == "restart":
            run.steps.append(StepRecord("restart", None, []))
            ops.append(_Op("restart"))
    for n, probe in enumerate(case.probes):
        if probe.kind == "header":
            ops.append(_Op("echo", probe.url, probe=n, source=probe.source, via=probe.via, redirect=probe.redirect))
        else:
            ops.append(_Op("frame", probe.url, probe=n))
    return _Prepared(case, renamer, ops, run)


def run_batch(batch: Batch, open_session: Callable[[bool], Session], registry: Registry, engine: str,
              run_tag: str) -> list[CaseRun]:
    if batch.moved:
        from conformance.moved_runner import run_moved_batch

        return run_moved_batch(batch, open_session, registry, engine)
    started = time.monotonic()
    prepared = [_prepare(batch, slot, case, engine) for slot, case in enumerate(batch.cases)]
    tokens = itertools.count(1)
    new_token = lambda: f"{run_tag}b{batch.number}-{next(tokens)}"  # noqa: E731
    session: Session | None = None
    jar: list[JarCookie] | None = None
    unsupported = False
    try:
        session = open_session(batch.restart)
        _schedule(session, prepared, registry, new_token)
        try:
            jar = session.jar()
        except Exception:  # noqa: BLE001 - the jar is evidence only
            jar = None
    except (RestartUnsupported, SettingUnsupported):
        unsupported = True  # each case, alone, says why this browser cannot run it (SKIP)
    except Exception as e:  # noqa: BLE001 - the browser failed under the whole batch
        for p in prepared:
            p.error = p.error or batch_failure(e)
    finally:
        if session is not None:
            try:
                if leaves_only_cookies(batch.cases):
                    session.release()
                else:
                    session.close()
            except Exception:  # noqa: BLE001
                pass
    share = round((time.monotonic() - started) / len(prepared), 3)
    by_suffix: dict[str, list[JarCookie]] = {}  # the jar, by the case its cookies belong to
    for c in jar or []:
        if m := SUFFIX.search(c.name):
            by_suffix.setdefault(m.group(), []).append(c)
    runs = []
    for p in prepared:
        if unsupported:
            runs.append(run_case(p.case, open_session, registry, engine, reuse_jar=True))
            continue
        if p.error:
            runs.append(rerun_alone(batch, p.case, p.error, open_session, registry, engine))
            continue
        _finish(p, None if jar is None else by_suffix.get(p.renamer.suffix, []), share)
        runs.append(p.run)
    return runs


def _schedule(session: Session, prepared: list[_Prepared], registry: Registry, new_token: Callable[[], str]) -> None:
    """Each round visits a page and does there what every case may do there now. A round stays on the page while
    cases are ready there; otherwise it goes where the ready cases have the most operations left.

    A case's steps stay in order, each on its own page; once its last step is done, its probes (which only read:
    an echo, a frame's ``document.cookie``; no reference server answers them with a cookie) may be made in any
    order, all of those on the round's page at once. Over the catalogue in Chromium the batches then take 118 page
    loads where probes in order took 159 (in a sample of 400 cases: 67 where 101; 66 different pages).

    Every request a case makes itself is same-origin with the page: a cross-origin (even same-site) fetch is not
    equivalent in every engine (WebKitGTK stores no cookie from a same-site no-cors response that it stores from a
    navigation). A wait holds only its own case back (until its time has passed), so the real waits of a batch
    overlap instead of adding up; a restart holds a case back until every case of the batch has reached its
    restart.
    """
    todo = {id(p): list(range(len(p.ops))) for p in prepared}  # indices of the ops not done yet, in order
    current = ""
    not_before = {id(p): 0.0 for p in prepared}
    while True:
        now = time.monotonic()
        ready: dict[str, dict[int, list[int]]] = {}  # page -> case -> its ops that may be made there now
        pending = []
        for n, p in enumerate(prepared):
            left = todo[id(p)]
            while not p.error and left and p.ops[left[0]].kind == "wait":
                not_before[id(p)] = max(not_before[id(p)], now) + p.ops[left.pop(0)].seconds
            if p.error or not left:
                continue
            pending.append(p)
            head = p.ops[left[0]]
            if head.kind == "restart" or not_before[id(p)] > now:
                continue
            for i in (left if head.probe >= 0 else left[:1]):  # probes come after every step (see _prepare)
                ready.setdefault(p.ops[i].page, {}).setdefault(n, []).append(i)
        if not pending:
            return
        if not ready:
            waiting = [not_before[id(p)] for p in pending if p.ops[todo[id(p)][0]].kind != "restart"]
            time.sleep(max(0.0, min(waiting or [not_before[id(p)] for p in pending]) - now))
            if not waiting:  # every case is at its restart (and past its waits)
                session.restart()
                current = ""
                for p in pending:
                    todo[id(p)].pop(0)
            continue
        page = current if current in ready else max(
            ready, key=lambda url: (sum(len(todo[id(prepared[n])]) for n in ready[url]), url))
        if page != current:
            session.navigate(page)
            current = page
        work = [(prepared[n], i) for n, ops in ready[page].items() for i in ops]
        _visit(session, [(p, p.ops[i]) for p, i in work], registry, new_token)
        for p, i in work:
            todo[id(p)].remove(i)


def _observe(p: _Prepared, op: _Op, raw: str) -> None:
    """Record what a probe saw, unless it saw a cookie no case of the batch owns (then the case runs alone)."""
    strays = p.renamer.strays(raw)
    if strays:
        p.error = f"saw {'; '.join(strays)!r} at {op.url}, a cookie the name filter cannot attribute"
    else:
        p.observed[op.probe] = p.renamer.observed(raw)


def _echoed(p: _Prepared, op: _Op, registry: Registry, token: str, wait: bool) -> None:
    seen = _await_echo(registry, token) if wait else registry.echoes(token)
    if not seen:
        p.error = f"the request to {op.url} never reached the server"
    elif seen[-1].scheme != urlsplit(op.url).scheme:
        p.error = f"the browser sent {op.url} over {seen[-1].scheme}"
    else:
        _observe(p, op, decode_wire(seen[-1].cookie))


def _target(op: _Op, token: str, registry: Registry) -> str:
    """The URL a request of another site's page asks for (registering a set's Set-Cookie lines)."""
    if op.kind == "set":
        registry.register(token, op.lines)
        return _with_query(op.url, "set", token)
    return probe_target(op.url, op.redirect, token)


def _visit(session: Session, work: list[tuple[_Prepared, _Op]], registry: Registry,
           new_token: Callable[[], str]) -> None:
    """From the round's page: the round's operations. The case's own requests are merged by URL (cases own
    distinct names, so one response can carry the Set-Cookie lines of several cases, and one echo or one frame can
    answer several probes); the subresource requests of another site's page go together, each its own."""
    cross = [(p, op) for p, op in work if op.source]
    if cross:
        tokens = [new_token() for _ in cross]
        payload = [{"via": op.via, "url": _target(op, token, registry)}
                   for (_, op), token in zip(cross, tokens, strict=True)]
        session.call(CROSS_SITE_ROUND, payload)
        for (p, op), token in zip(cross, tokens, strict=True):
            if op.kind == "echo":
                _echoed(p, op, registry, token, wait=True)
    groups: dict[tuple[str, str], list[tuple[_Prepared, _Op]]] = {}
    for p, op in work:
        if not op.source:
            groups.setdefault((op.kind, op.url), []).append((p, op))
    if not groups:
        return
    payload = []
    tokens = []
    for (kind, url), members in groups.items():
        token = new_token()
        tokens.append(token)
        if kind == "set":
            registry.register(token, [line for _, op in members for line in op.lines])
            payload.append({"kind": "fetch", "url": _with_query(url, "set", token)})
        elif kind == "echo":
            payload.append({"kind": "fetch", "url": _with_query(url, "echo", token)})
        else:
            payload.append({"kind": "frame", "url": url, "writes": [w for _, op in members for w in op.lines]})
    outcomes: list[dict[str, Any]] = session.call(PHASE_SCRIPT, payload)
    for ((kind, url), members), token, outcome in zip(groups.items(), tokens, outcomes, strict=True):
        for p, op in members:
            if not outcome.get("ok"):
                p.error = f"{kind} {url}: {outcome.get('error')}"
            elif op.probe < 0:
                continue
            elif kind == "frame":
                _observe(p, op, str(outcome.get("cookie", "")))
            else:
                _echoed(p, op, registry, token, wait=False)


def batch_failure(e: Exception) -> str:
    """The reason every case of a batch gives when the browser failed under the whole batch."""
    return f"batch failed: {type(e).__name__}: {(str(e).strip().splitlines() or [''])[0]}"


def rerun_alone(batch: Batch, case: Case, why: str, open_session: Callable[[bool], Session], registry: Registry,
                engine: str) -> CaseRun:
    """``case`` run again alone in a fresh jar, after ``batch`` could not observe it; its message says why."""
    run = run_case(case, open_session, registry, engine, reuse_jar=True)
    run.message = f"ran alone, after batch {batch.number}: {why}" + (f"; {run.message}" if run.message else "")
    return run


def add_probe_outcomes(p: _Prepared) -> None:
    """``p``'s probes, each with what it observed (still unjudged), onto its run."""
    for n, probe in enumerate(p.case.probes):
        p.run.probes.append(ProbeOutcome(probe.kind, probe.url, probe.expect, p.observed.get(n), False,
                                         probe.ordered))


def _finish(p: _Prepared, jar: list[JarCookie] | None, share: float) -> None:
    """The case's run from what it observed; ``jar``: the cookies of the batch's jar that carry its suffix."""
    run = p.run
    add_probe_outcomes(p)
    judge(run)
    if jar is not None:
        run.jar = [
            JarCookie(p.renamer.original_name(c.name), c.value, c.domain, c.path,
                      c.expires, c.secure, c.http_only, c.same_site)
            for c in jar if p.renamer.owns(c.name)
        ]
    run.duration = share
