"""A small but realistic ``results.json`` document (3 engines, one unavailable) for the report tests."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from reports.results import judge

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
SPEC = "https://httpwg.org/http-extensions/draft-ietf-httpbis-rfc6265bis.html"


def case(cid: str, level: str = "MUST", axes: dict[str, str] | None = None, area: str | None = None) -> dict[str, Any]:
    return {
        "id": cid, "title": f"Title of {cid}", "area": area or cid.split(".")[0], "anchor": "name-storage-model",
        "anchor_url": f"{SPEC}#name-storage-model", "level": level,
        "requirement": "The user agent MUST do the right thing.", "note": "", "policy": {},
        "source": f"conformance/cases/{cid.split('.')[0]}.toml:12", "axes": axes or {},
    }


def result(
    cid: str,
    engine: str,
    status: str,
    *,
    expected: str = "PASS",
    set_line: str = "a=1",
    want: str = "a=1",
    got: str | None = None,
    message: str = "",
) -> dict[str, Any]:
    verdict = judge(status, expected)
    if got is None:
        got = want if status == "PASS" else ""
    ran = status in ("PASS", "FAIL")
    name, _, value = set_line.partition(";")[0].partition("=")
    return {
        "case": cid, "engine": engine, "status": status,
        "expected": {"status": expected, "reason": "known: engine keeps it" if expected != "PASS" else "",
                     "bug": "https://bugs.example/123" if expected != "PASS" else ""},
        "unexpected": verdict.unexpected, "label": verdict.label,
        "probes": [{"kind": "header", "url": "https://www.site.test/", "expected": want, "observed": got,
                    "ok": got == want, "ordered": False}] if ran else [],
        "steps": [{"kind": "set", "url": "https://www.site.test/", "lines": [set_line], "seconds": 0.01}]
        if ran else [],
        "jar": [{"name": name, "value": value, "domain": "www.site.test", "path": "/", "expires": None,
                 "secure": False, "http_only": False, "same_site": "Lax"}] if ran and got else ([] if ran else None),
        "duration": 0.2, "message": message,
    }


def build() -> dict[str, Any]:
    cases = [
        case("path.default.last-slash"),
        case("path.default.root", "SHOULD"),
        case("path.match.prefix"),
        case("domain.host-only.exact"),
        case("domain.suffix.public", "SHOULD"),
        case("samesite.lax.cross-site-post"),
        case("samesite.strict.top-level", "INFO"),
        case("syntax.value.script"),
        case("syntax.value.img"),
        case("samesite.matrix.lax-post-cross", axes={"samesite": "Lax", "method": "POST", "site": "cross-site"},
             area="samesite"),
    ]
    cases[0]["note"] = "Default path is the directory of the request URI."
    cases[0]["policy"] = {"lax_by_default": True}
    ch, ff = "chromium", "firefox"
    results = [
        result("path.default.last-slash", ch, "PASS"),
        result("path.default.last-slash", ff, "FAIL", got=""),  # plain FAIL
        result("path.default.root", ch, "PASS"),
        result("path.default.root", ff, "PASS"),
        result("path.match.prefix", ch, "FAIL", expected="FAIL", got="b=2"),  # expected-FAIL
        result("path.match.prefix", ff, "FAIL", got="a=1; b=2"),  # all engines deviate
        result("domain.host-only.exact", ch, "PASS", expected="FAIL"),  # unexpected-PASS
        result("domain.host-only.exact", ff, "PASS"),
        result("domain.suffix.public", ch, "ERROR", message="Timeout waiting for https://www.site.test/"),
        result("domain.suffix.public", ff, "PASS"),
        result("samesite.lax.cross-site-post", ch, "PASS"),
        result("samesite.lax.cross-site-post", ff, "SKIP", message="restart unsupported"),
        result("samesite.strict.top-level", ch, "PASS"),
        result("samesite.strict.top-level", ff, "PASS"),
        result("syntax.value.script", ch, "PASS", set_line=f"x={XSS_SCRIPT}", want=f"x={XSS_SCRIPT}"),
        result("syntax.value.script", ff, "FAIL", set_line=f"x={XSS_SCRIPT}", want=f"x={XSS_SCRIPT}",
               got=f"x={XSS_SCRIPT}\x01"),
        result("syntax.value.img", ch, "FAIL", set_line=f"y={XSS_IMG}", want="", got=f"y={XSS_IMG}"),
        result("syntax.value.img", ff, "PASS", set_line=f"y={XSS_IMG}", want=""),
        result("samesite.matrix.lax-post-cross", ch, "PASS", want=""),
        result("samesite.matrix.lax-post-cross", ff, "PASS", want=""),
    ]
    results += [result(c["id"], "webkit", "SKIP", message="webkit not available") for c in cases]
    return {
        "schema": "cookie-conformance/results",
        "schema_version": 1,
        "run": {
            "started": "2025-01-10T09:00:00+00:00", "finished": "2025-01-10T09:03:10+00:00", "duration": 190.5,
            "host": {"os": "Linux-6.1-x86_64", "machine": "x86_64", "python": "3.11.9", "playwright": "1.52.0",
                     "selenium": "4.27.1", "aiohttp": "3.11.11", "pytest": "8.3.4"},
            "model": {"draft": "draft-ietf-httpbis-rfc6265bis-20", "policy": {"lax_by_default": False}},
            "command": "pytest -m slow --browser chromium --browser firefox --browser webkit",
        },
        "engines": [
            {"name": "chromium", "engine": "Blink", "version": "136.0.7103.25", "backend": "playwright",
             "executable": "/ms-playwright/chromium-1169/chrome-linux/chrome", "headless": True, "available": True,
             "install": "", "reason": "", "settings": {"third_party_cookies": "allowed", "sandbox": False}},
            {"name": "firefox", "engine": "Gecko", "version": "128.6.0esr", "backend": "selenium-bidi",
             "executable": "/usr/bin/firefox-esr", "headless": True, "available": True, "install": "", "reason": "",
             "settings": {"network.cookie.sameSite.laxByDefault": False, "timeout": 30}},
            {"name": "webkit", "engine": "WebKit", "version": "", "backend": "playwright", "executable": "",
             "headless": True, "available": False, "install": "python -m playwright install --with-deps webkit",
             "reason": "Executable doesn't exist at /ms-playwright/webkit-2140/pw_run.sh", "settings": {}},
        ],
        "cases": cases,
        "results": results,
    }


@pytest.fixture
def results() -> dict[str, Any]:
    return build()


@pytest.fixture
def previous() -> dict[str, Any]:
    """An older run: path.default.last-slash passed in firefox, domain.suffix.public failed in firefox,
    syntax.value.img did not exist yet, and a since-removed case existed."""
    doc = build()
    doc["run"]["started"] = "2025-01-09T09:00:00+00:00"
    for r in doc["results"]:
        if (r["case"], r["engine"]) == ("path.default.last-slash", "firefox"):
            r.update(result("path.default.last-slash", "firefox", "PASS"))
        if (r["case"], r["engine"]) == ("domain.suffix.public", "firefox"):
            r.update(result("domain.suffix.public", "firefox", "FAIL", got=""))
    doc["cases"] = [c for c in doc["cases"] if c["id"] != "syntax.value.img"]
    doc["results"] = [r for r in doc["results"] if r["case"] != "syntax.value.img"]
    doc["cases"].append(case("expiry.old.gone"))
    doc["results"].append(result("expiry.old.gone", "chromium", "PASS"))
    return copy.deepcopy(doc)
