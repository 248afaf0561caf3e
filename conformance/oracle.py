"""Re-derives a case's expected probe values from the spec model, so hand-written expectations are checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from conformance.cases import Case, expand
from conformance.model import CookieJar, Policy
from conformance.model.domains import domain_match
from conformance.runner import matches, stored_expiry


@dataclass(frozen=True)
class Disagreement:
    case_id: str
    probe: int
    kind: str
    url: str
    written: str
    model: str

    def __str__(self) -> str:
        return (f"{self.case_id} probe {self.probe} ({self.kind} at {self.url}): "
                f"case file says {self.written!r}, the model says {self.model!r}")


def predict(case: Case, now: datetime | None = None) -> list[str]:
    """The value each probe of ``case`` must observe according to the model (``""`` = no cookie)."""
    start = now or datetime.now(UTC)
    clock = [start.timestamp()]
    jar = CookieJar(Policy(**case.policy), clock=lambda: clock[0])
    for step in case.steps:
        if step.kind == "set":
            assert step.url is not None
            for line in step.lines:
                # A response to a request made from another site's page (e.g. in its <iframe>): judged from it.
                jar.set_from_http(step.url, expand(line, start), site_for_cookies=step.source,
                                  top_level_navigation=step.via in ("navigate", "link", "form-post"))
        elif step.kind == "script":
            assert step.url is not None
            for write in step.lines:
                jar.set_from_script(step.url, expand(write, start))
        elif step.kind == "wait":
            clock[0] += step.seconds
        elif step.kind == "restart":
            jar.end_session()
    values = []
    for probe in case.probes:
        if probe.kind == "header" and probe.source:
            top_level = probe.via in ("link", "form-post")
            method = "POST" if probe.via == "form-post" else "GET"
            # A top-level navigation's site for cookies is judged from the page that started it.
            values.append(jar.cookie_header(probe.url, site_for_cookies=probe.source, method=method,
                                            top_level_navigation=top_level,
                                            redirected_from=[probe.redirect] if probe.redirect else []) or "")
        elif probe.kind == "header":
            values.append(jar.cookie_header(probe.url) or "")
        elif probe.kind == "expiry":
            host = urlsplit(probe.url).hostname or ""
            stored = [c for c in jar.cookies() if c.name == probe.name
                      and (c.domain == host if c.host_only else domain_match(host, c.domain))]
            values.append(stored_expiry(stored[0].expiry if stored[0].persistent else None, clock[0])
                          if stored else "")
        else:
            values.append(jar.document_cookie(probe.url))
    return values


def check(case: Case, now: datetime | None = None) -> list[Disagreement]:
    predicted = predict(case, now)
    return [
        Disagreement(case.id, n, p.kind, p.url, p.expect, model)
        for n, (p, model) in enumerate(zip(case.probes, predicted, strict=True))
        if not matches(p.expect, model, p.ordered)
    ]
