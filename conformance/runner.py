"""Runs one case in one browser session and observes it: the Cookie header on the wire and document.cookie."""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from conformance.browsers.base import JarCookie, RestartUnsupported, Session, SettingUnsupported
from conformance.cases import Case, expand, utcnow
from servers.app import Registry

_tokens = itertools.count(1)


@dataclass
class ProbeOutcome:
    kind: str  # header | document
    url: str
    expected: str
    observed: str | None  # None: could not be observed
    ok: bool
    ordered: bool = False


@dataclass
class StepRecord:
    kind: str
    url: str | None
    lines: list[str]  # resolved Set-Cookie lines / document.cookie writes, as sent
    seconds: float = 0.0


@dataclass
class CaseRun:
    case_id: str
    engine: str
    status: str  # PASS | FAIL | ERROR | SKIP
    probes: list[ProbeOutcome] = field(default_factory=list)
    steps: list[StepRecord] = field(default_factory=list)
    jar: list[JarCookie] | None = None
    duration: float = 0.0
    message: str = ""
    mode: str = "alone"  # "alone" (a fresh jar of its own) or the batch it shared a jar in

    def to_json(self) -> dict[str, Any]:
        # By hand: dataclasses.asdict took 0.6 s over a full run's 8,544 results, after the last browser finished.
        return {
            "case_id": self.case_id, "engine": self.engine, "status": self.status,
            "probes": [dict(vars(p)) for p in self.probes],
            "steps": [{**vars(s), "lines": list(s.lines)} for s in self.steps],
            "jar": None if self.jar is None else [dict(vars(c)) for c in self.jar],
            "duration": self.duration, "message": self.message, "mode": self.mode,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CaseRun:
        """The inverse of ``to_json`` (runs come back this way from an engine worker process)."""
        jar = data.get("jar")
        return cls(
            data["case_id"], data["engine"], data["status"],
            probes=[ProbeOutcome(**p) for p in data.get("probes", [])],
            steps=[StepRecord(**s) for s in data.get("steps", [])],
            jar=None if jar is None else [JarCookie(**c) for c in jar],
            duration=data.get("duration", 0.0), message=data.get("message", ""), mode=data.get("mode", "alone"),
        )


def pairs(cookie: str) -> list[str]:
    """``a=1; b=2`` -> ``["a=1", "b=2"]`` (the Cookie header / document.cookie serialisation)."""
    return [p for p in cookie.split("; ") if p != ""] if cookie else []


def matches(expected: str, observed: str, ordered: bool) -> bool:
    if ordered:
        return pairs(expected) == pairs(observed)
    return Counter(pairs(expected)) == Counter(pairs(observed))


def stored_expiry(expires: float | None, now: float) -> str:
    """What an expiry probe compares: whole days from ``now`` (rounded), or "session"."""
    return "session" if expires is None else f"{round((expires - now) / 86400)}d"


def jar_expiry(jar: list[JarCookie], name: str, url: str, now: float) -> str:
    """The stored expiry of cookie ``name`` as the browser's jar (read at a page at ``url``) reports it."""
    host = urlsplit(url).hostname or ""
    found = [c for c in jar if c.name == name and f".{host}".endswith(f".{c.domain.lstrip('.')}")]
    return stored_expiry(found[0].expires, now) if found else ""


def _with_query(url: str, key: str, value: str) -> str:
    base, _, fragment = url.partition("#")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}{key}={value}" + (f"#{fragment}" if fragment else "")


def probe_target(url: str, redirect: str | None, token: str) -> str:
    """The URL a header probe requests: the echo URL, or the redirect URL that answers 302 to it."""
    target = _with_query(url, "echo", token)
    return _with_query(redirect, "go", quote(target, safe="")) if redirect else target


def decode_wire(raw: bytes | None) -> str:
    """The Cookie header bytes as text: UTF-8, with undecodable bytes shown as \\xNN (never mojibake)."""
    return "" if raw is None else raw.decode("utf-8", errors="backslashreplace")


# From a page of another site: make the request the way the probe says. Navigations are started after the
# call returns (the page goes away); subresources are awaited.
CROSS_SITE_SCRIPT = """async ({via, url}) => {
  if (via === "link") {
    const a = document.createElement("a"); a.href = url; document.body.appendChild(a);
    setTimeout(() => a.click(), 0); return "started";
  }
  if (via === "form-post") {
    const f = document.createElement("form"); f.method = "POST"; f.action = url; document.body.appendChild(f);
    setTimeout(() => f.submit(), 0); return "started";
  }
  const loaded = (el) => new Promise((resolve) => { el.onload = resolve; el.onerror = resolve;
                                                    setTimeout(resolve, 10000); });
  if (via === "img") { const i = new Image(); const p = loaded(i); i.src = url; await p; return "loaded"; }
  if (via === "iframe") {
    const f = document.createElement("iframe"); const p = loaded(f); f.src = url; document.body.appendChild(f);
    await p; return "loaded";
  }
  try { await fetch(url, {credentials: "include", mode: "no-cors"}); } catch (e) { return String(e); }
  return "fetched";
}"""


NAVIGATIONS = ("link", "form-post")


def _await_arrival(session: Session, token: str, seconds: float = 10.0) -> None:
    """Wait until a navigation the page started has loaded the target (its URL carries ``token``), so that the
    next navigation cannot be interrupted by this one's late commit."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if session.evaluate(f"location.href.includes({json.dumps(token)}) && document.readyState === 'complete'"):
                return
        except Exception:  # noqa: BLE001 - the old document went away mid-call; try again in the new one
            pass
        time.sleep(0.05)
    raise RuntimeError(f"the navigation to the probe's URL (token {token}) did not finish loading")


def _await_echo(registry: Registry, token: str, seconds: float = 10.0) -> list:  # type: ignore[type-arg]
    deadline = time.monotonic() + seconds
    while not (seen := registry.echoes(token)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return seen


def leaves_only_cookies(cases: list[Case]) -> bool:
    """Whether the jar of a run of ``cases`` may be emptied and used again as a fresh one (``Session.release``):
    no page of another site made a request (that can leave partitioned cookies an automation API may not list,
    or, in Firefox, a storage-access grant between the two sites), and no browser restarted."""
    return not any(x.source for c in cases for x in (*c.steps, *c.probes)) and not any(c.needs_restart for c in cases)


def run_case(case: Case, open_session: Callable[[bool], Session], registry: Registry, engine: str,
             reuse_jar: bool = False) -> CaseRun:
    """Run ``case`` in a fresh session from ``open_session(restartable)``; never raises for browser trouble.
    With ``reuse_jar``, the jar is given back to be emptied and used again when ``leaves_only_cookies``."""
    run = CaseRun(case.id, engine, "ERROR")
    started = time.monotonic()
    prefix = f"{next(_tokens)}-"
    session: Session | None = None
    try:
        session = open_session(case.needs_restart)
        drive(case, session, registry, run, prefix)
    except Exception as e:  # noqa: BLE001 - a browser problem is an ERROR result, not a crash of the run
        failed(run, e)
    finally:
        if session is not None:
            try:
                run.jar = session.jar()
            except Exception:  # noqa: BLE001
                run.jar = None
            try:
                if reuse_jar and leaves_only_cookies([case]):
                    session.release()
                else:
                    session.close()
            except Exception:  # noqa: BLE001
                pass
        registry.forget(prefix)
        run.duration = round(time.monotonic() - started, 3)
    return run


def failed(run: CaseRun, e: Exception) -> None:
    """``run``'s status and message for an exception that stopped it (SKIP when the browser cannot do it)."""
    if isinstance(e, RestartUnsupported):
        run.status, run.message = "SKIP", f"the backend cannot restart the browser: {e}"
    elif isinstance(e, SettingUnsupported):
        run.status, run.message = "SKIP", f"the browser cannot be configured for this variant: {e}"
    else:
        first_line = (str(e).strip().splitlines() or [""])[0]
        run.status, run.message = "ERROR", f"{type(e).__name__}: {first_line}"


def drive(case: Case, session: Session, registry: Registry, run: CaseRun, prefix: str) -> None:
    """Do ``case``'s steps and probes in ``session``, one navigation each, recording into ``run``; raises on
    browser trouble (the caller decides what it means)."""
    now = utcnow()
    for n, step in enumerate(case.steps):
        if step.kind == "set":
            assert step.url is not None
            lines = [expand(line, now) for line in step.lines]
            token = f"{prefix}s{n}"
            registry.register(token, lines)
            run.steps.append(StepRecord("set", step.url, lines))
            if step.source:  # a page of another site makes the request (e.g. its <iframe> loads the URL)
                session.navigate(step.source)
                session.call(CROSS_SITE_SCRIPT, {"via": step.via, "url": _with_query(step.url, "set", token)})
                if step.via in NAVIGATIONS:
                    _await_arrival(session, token)
            else:
                session.navigate(_with_query(step.url, "set", token))
        elif step.kind == "script":
            assert step.url is not None
            writes = [expand(w, now) for w in step.lines]
            run.steps.append(StepRecord("script", step.url, writes))
            session.navigate(step.url)
            for w in writes:
                session.evaluate(f"document.cookie = {json.dumps(w)}")
        elif step.kind == "wait":
            run.steps.append(StepRecord("wait", None, [], step.seconds))
            time.sleep(step.seconds)
        elif step.kind == "restart":
            run.steps.append(StepRecord("restart", None, []))
            session.restart()
    for n, probe in enumerate(case.probes):
        if probe.kind == "header":
            token = f"{prefix}p{n}"
            target = probe_target(probe.url, probe.redirect, token)
            if probe.source:
                session.navigate(probe.source)
                session.call(CROSS_SITE_SCRIPT, {"via": probe.via, "url": target})
                seen = _await_echo(registry, token)
                if probe.via in NAVIGATIONS:
                    _await_arrival(session, token)
            else:
                session.navigate(target)
                seen = registry.echoes(token)
            if not seen:
                raise RuntimeError(f"the request to {probe.url} never reached the server")
            if seen[-1].scheme != urlsplit(probe.url).scheme:
                raise RuntimeError(f"the browser sent {probe.url} over {seen[-1].scheme} (an HTTPS upgrade?)")
            observed = decode_wire(seen[-1].cookie)
        elif probe.kind == "expiry":  # the jar as the page at the URL sees it (WebDriver: that document's)
            assert probe.name is not None
            session.navigate(probe.url)
            observed = jar_expiry(session.jar(), probe.name, probe.url, time.time())
        else:
            session.navigate(probe.url)
            value = session.evaluate("document.cookie")
            observed = value if isinstance(value, str) else repr(value)
        run.probes.append(ProbeOutcome(probe.kind, probe.url, probe.expect, observed,
                                       matches(probe.expect, observed, probe.ordered), probe.ordered))
    judge(run)


def judge(run: CaseRun) -> None:
    """PASS when every probe saw what it expected, else FAIL with what differed."""
    for p in run.probes:
        p.ok = p.observed is not None and matches(p.expected, p.observed, p.ordered)
    run.status = "PASS" if all(p.ok for p in run.probes) else "FAIL"
    run.message = "; ".join(f"{p.kind} at {p.url}: expected {p.expected!r}, observed {p.observed!r}"
                            for p in run.probes if not p.ok)
