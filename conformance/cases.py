"""Loads the case catalogue (``conformance/cases/*.toml``) into typed objects and rejects malformed files.

A case file is TOML::

    area = "expiry"                       # optional; otherwise the first segment of each id

    [[case]]
    id = "expiry.max-age.zero"            # stable, dotted, unique across the catalogue
    title = "Max-Age=0 removes the cookie at once"
    anchor = "name-the-max-age-attribute" # RFC 6265bis anchor (drafts renumber sections; anchors stay)
    level = "MUST"                        # MUST | SHOULD | INFO
    requirement = "If delta-seconds is less than or equal to zero (0), let expiry-time be the earliest ..."
    steps = [
      { set = "https://www.site.test/", cookies = ["a=1; Max-Age=0"] },   # URL answers with these raw lines
      { set = "https://www.site.test/e", from = "https://other.test/", via = "iframe", cookies = ["b=1"] },
      { script = "https://www.site.test/", writes = ["b=2"] },             # document.cookie = ... at a page
      { wait = 2.5 },                                                       # seconds of real time
      { restart = true },                                                   # close the browser, keep the profile
    ]
    probes = [
      { header = "https://www.site.test/", expect = "" },        # the Cookie header that URL must receive
      { document = "https://www.site.test/", expect = "b=2" },   # document.cookie in a page at that URL
      { header = "https://www.site.test/", from = "https://other.test/", via = "img", expect = "" },
      { header = "https://www.site.test/", from = "https://www.site.test/", via = "img",
        redirect = "https://other.test/hop", expect = "" },   # the request first goes to redirect, which 302s
    ]

A set step or header probe with ``from`` is a cross-site (or cross-origin) flow: a page at ``from`` makes the request
``via`` a followed link, a posted form, an ``img``, an ``iframe`` or a credentialed ``fetch`` (see ``VIAS``).
Such a probe may name a ``redirect`` URL: the page requests that URL, which answers 302 to the probe's URL, so
the request's URL list holds both (SameSite judges the whole chain).
``{ expiry = URL, name = "a", expect = "400d" }`` reads the stored expiry of cookie ``a`` from the browser's jar
(at a page at URL): whole days from now, rounded, ``"session"``, or ``""`` when it is not stored (the jar is
evidence, so only where a requirement is about the stored expiry itself, e.g. the 400-day cap).
``expect = ""`` means no cookie at all. Header probes compare cookie pairs as a multiset unless
``ordered = true`` (ordering is its own SHOULD). Cookie lines and writes may hold placeholders resolved when
the case runs, so no calendar date ever goes stale: ``${http-date:+1d}`` (IMF-fixdate, offsets in s/m/h/d),
``${date:+1d:%a, %d-%b-%y %H:%M:%S GMT}`` (any strftime pattern, UTC) and ``${repeat:x:4095}``.
``policy = { lax_by_default = true }`` names a user-agent choice the case assumes (see the model's Policy).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CASES_DIR = Path(__file__).parent / "cases"
LEVELS = ("MUST", "SHOULD", "INFO")
SPEC_URL = "https://httpwg.org/http-extensions/draft-ietf-httpbis-rfc6265bis.html"
ID_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\.[a-z0-9]+(?:[-_][a-z0-9]+)*)+$")
EXPIRY_EXPECT_RE = re.compile(r"^(session|-?[0-9]+d|)$")
CASE_KEYS = {"id", "title", "anchor", "level", "requirement", "steps", "probes", "note", "policy", "area", "variants"}
# ``variants = ["third-party-cookies-allowed"]``: the case also runs, as ``<id>.3pc-allowed``, in a browser told to
# allow third-party cookies (which engines block by default, hiding SameSite=None on cross-site subresources).
# Each variant: id suffix, title suffix, and the browser settings its runs need (see Engine.new_session).
VARIANTS = {
    "third-party-cookies-allowed": ("3pc-allowed", " (third-party cookies allowed)",
                                    {"third_party_cookies": "allowed"}),
}
STEP_KEYS = {
    "set": {"set", "cookies", "from", "via"},
    "script": {"script", "writes"},
    "wait": {"wait"},
    "restart": {"restart"},
}
PROBE_KEYS = {"expiry": {"expiry", "name", "expect"},
              "header": {"header", "expect", "ordered", "from", "via", "redirect"}, "document": {"document", "expect"}}
# How a header probe's request is made. "navigate": the browser itself loads the URL (top-level, same-site by
# definition). The others start from a page at ``from`` (another site, for SameSite): a link the page follows
# (top-level GET), a form it posts (top-level POST), or an <img>, <iframe> or credentialed fetch() it loads.
VIAS = ("navigate", "link", "form-post", "img", "iframe", "fetch")
POLICY_KEYS = {"lax_by_default", "localhost_is_secure"}
PLACEHOLDER = re.compile(r"\$\{([a-z-]+):([^}]*)\}")


class CaseFileError(ValueError):
    """A malformed case file; the message names the file and line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")
        self.path, self.line = path, line


@dataclass(frozen=True)
class Step:
    kind: str  # set | script | wait | restart
    url: str | None = None
    lines: tuple[str, ...] = ()  # raw Set-Cookie lines (set) or document.cookie strings (script)
    seconds: float = 0.0
    source: str | None = None  # set steps: a page of another site makes the request (``from``), ...
    via: str = "navigate"  # ... this way (see VIAS), e.g. an <iframe>: the cookie is set in a third-party context


@dataclass(frozen=True)
class Probe:
    kind: str  # header | document | expiry
    url: str
    expect: str
    ordered: bool = False
    source: str | None = None  # header probes: the page that makes the request (``from``)
    via: str = "navigate"
    redirect: str | None = None  # requested first; it answers 302 to ``url``
    name: str | None = None  # expiry probes: the cookie whose stored expiry is read from the browser's jar


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    area: str
    anchor: str
    level: str
    requirement: str
    steps: tuple[Step, ...]
    probes: tuple[Probe, ...]
    source: str  # "file:line"
    note: str = ""
    policy: dict[str, bool] = field(default_factory=dict)
    axes: dict[str, str] = field(default_factory=dict)  # generated cases: axis name -> value id
    browser: dict[str, str] = field(default_factory=dict)  # browser settings a variant's runs need

    @property
    def anchor_url(self) -> str:
        return f"{SPEC_URL}#{self.anchor}"

    @property
    def needs_restart(self) -> bool:
        return any(s.kind == "restart" for s in self.steps)

    def hosts(self) -> set[str]:
        urls = [s.url for s in self.steps if s.url] + [p.url for p in self.probes]
        urls += [p.source for p in self.probes if p.source] + [s.source for s in self.steps if s.source]
        urls += [p.redirect for p in self.probes if p.redirect]
        return {urlsplit(u).hostname or "" for u in urls} - {""}


def load_catalogue(directory: Path = CASES_DIR) -> list[Case]:
    """Every case of every ``*.toml`` file under ``directory``; ids must be unique."""
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.rglob("*.toml")):
        for case in load_file(path):
            if case.id in seen:
                line = int(case.source.rsplit(":", 1)[1])
                raise CaseFileError(path, line, f"duplicate case id {case.id!r} (first defined at {seen[case.id]})")
            seen[case.id] = case.source
            cases.append(case)
    return cases


def load_file(path: Path) -> list[Case]:
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise CaseFileError(path, int(m.group(1)) if m else None, f"not valid TOML: {e}") from None
    lines = text.splitlines()
    if "matrix" in data:
        from conformance.matrix import expand_matrix

        return expand_matrix(path, data, lines)
    unknown = set(data) - {"area", "case"}
    if unknown:
        raise CaseFileError(path, _line_of(lines, sorted(unknown)[0]), f"unknown top-level key(s) {sorted(unknown)}")
    raw_cases = data.get("case")
    if not isinstance(raw_cases, list) or not raw_cases:
        raise CaseFileError(path, None, "no [[case]] tables")
    cases: list[Case] = []
    for raw in raw_cases:
        case = _case(path, lines, raw, data.get("area"))
        cases.append(case)
        cases.extend(_variants(case, raw.get("variants", [])))
    return cases


def _variants(case: Case, names: list[str]) -> list[Case]:
    """The case again under each named browser setting (validated in ``_case``)."""
    out = []
    for name in names:
        suffix, title, settings = VARIANTS[name]
        note = (case.note + " " if case.note else "") + f"Variant of {case.id}, run in a browser told to: {name}."
        out.append(replace(case, id=f"{case.id}.{suffix}", title=case.title + title, note=note, browser=settings))
    return out


def _line_of(lines: list[str], needle: str, start: int = 0) -> int | None:
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i + 1
    return None


def _case(path: Path, lines: list[str], raw: dict[str, Any], file_area: str | None) -> Case:
    cid = raw.get("id")
    start = (_line_of(lines, f'"{cid}"') or 1) if isinstance(cid, str) else 1

    def fail(message: str, needle: str | None = None) -> CaseFileError:
        line = (_line_of(lines, needle, start - 1) if needle else None) or start
        return CaseFileError(path, line, f"case {cid!r}: {message}")

    if not isinstance(cid, str) or not ID_RE.match(cid):
        raise fail("id must be a dotted lower-case name like 'path.default.last-slash'", "id")
    unknown = set(raw) - CASE_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise fail(f"unknown key {key!r} (allowed: {', '.join(sorted(CASE_KEYS))})", key)
    for key in ("title", "anchor", "requirement"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise fail(f"{key!r} is required and must be a non-empty string", key)
    if raw.get("level") not in LEVELS:
        raise fail(f"level must be one of {', '.join(LEVELS)}, got {raw.get('level')!r}", "level")
    policy = raw.get("policy", {})
    bad_policy = not isinstance(policy, dict) or set(policy) - POLICY_KEYS
    if bad_policy or not all(isinstance(v, bool) for v in policy.values()):
        raise fail(f"policy must map some of {sorted(POLICY_KEYS)} to true/false", "policy")
    variants = raw.get("variants", [])
    if not isinstance(variants, list) or any(v not in VARIANTS for v in variants):
        raise fail(f"variants must be a list of some of {sorted(VARIANTS)}", "variants")
    steps = tuple(_step(s, fail) for s in _list(raw, "steps", fail))
    probes = tuple(_probe(p, fail) for p in _list(raw, "probes", fail))
    if not probes:
        raise fail("needs at least one probe", "probes")
    area = raw.get("area") or file_area or cid.split(".")[0]
    return Case(
        id=cid, title=raw["title"].strip(), area=area, anchor=raw["anchor"].strip(), level=raw["level"],
        requirement=" ".join(raw["requirement"].split()), steps=steps, probes=probes,
        source=f"{path}:{start}", note=raw.get("note", ""), policy=dict(policy),
    )


def _list(raw: dict[str, Any], key: str, fail: Any) -> list[dict[str, Any]]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise fail(f"{key!r} must be an array of inline tables", key)
    return value


def _url(value: Any, fail: Any, what: str) -> str:
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).hostname:
        raise fail(f"{what} must be an absolute http(s) URL, got {value!r}", str(value))
    return value


def _strings(value: Any, fail: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise fail(f"{what} must be a non-empty array of strings", what)
    return tuple(value)


def _step(raw: dict[str, Any], fail: Any) -> Step:
    kinds = [k for k in STEP_KEYS if k in raw]
    if len(kinds) != 1:
        raise fail(f"a step has exactly one of {sorted(STEP_KEYS)}; got {raw}")
    kind = kinds[0]
    extra = set(raw) - STEP_KEYS[kind]
    if extra:
        raise fail(f"unknown key(s) {sorted(extra)} in a {kind!r} step (allowed: {sorted(STEP_KEYS[kind])})",
                   sorted(extra)[0])
    if kind == "set":
        source, via = _flow(raw, fail)
        return Step("set", _url(raw["set"], fail, "set"), _strings(raw.get("cookies"), fail, "cookies"),
                    source=source, via=via)
    if kind == "script":
        return Step("script", _url(raw["script"], fail, "script"), _strings(raw.get("writes"), fail, "writes"))
    if kind == "wait":
        if not isinstance(raw["wait"], int | float) or not 0 < raw["wait"] <= 30:
            raise fail("wait must be a number of seconds in (0, 30]", "wait")
        return Step("wait", seconds=float(raw["wait"]))
    if raw["restart"] is not True:
        raise fail("restart must be true", "restart")
    return Step("restart")


def _probe(raw: dict[str, Any], fail: Any) -> Probe:
    kinds = [k for k in PROBE_KEYS if k in raw]
    if len(kinds) != 1:
        raise fail(f"a probe has exactly one of {sorted(PROBE_KEYS)}; got {raw}")
    kind = kinds[0]
    extra = set(raw) - PROBE_KEYS[kind]
    if extra:
        raise fail(f"unknown key(s) {sorted(extra)} in a {kind!r} probe (allowed: {sorted(PROBE_KEYS[kind])})",
                   sorted(extra)[0])
    if not isinstance(raw.get("expect"), str):
        raise fail(f"a {kind!r} probe needs expect = \"...\" (\"\" for no cookie)", kind)
    if kind == "expiry":
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            raise fail("an expiry probe needs name = \"...\" (the cookie whose stored expiry is read)", "expiry")
        if not EXPIRY_EXPECT_RE.match(raw["expect"]):
            raise fail("an expiry probe expects \"<days>d\" (from now, rounded), \"session\" or \"\" (not stored)",
                       "expect")
        return Probe(kind, _url(raw[kind], fail, kind), raw["expect"], name=name)
    ordered = raw.get("ordered", False)
    if not isinstance(ordered, bool):
        raise fail("ordered must be true or false", "ordered")
    source, via = _flow(raw, fail)
    redirect = _url(raw["redirect"], fail, "redirect") if "redirect" in raw else None
    if redirect is not None and (source is None or via == "form-post"):
        raise fail("redirect needs from = ... and a via other than form-post (a 302 turns a POST into a GET)",
                   "redirect")
    return Probe(kind, _url(raw[kind], fail, kind), raw["expect"], ordered, source, via, redirect)


def _flow(raw: dict[str, Any], fail: Any) -> tuple[str | None, str]:
    """``from`` and ``via`` of a step or probe whose request a page of another site makes."""
    via = raw.get("via", "navigate" if "from" not in raw else "link")
    if via not in VIAS:
        raise fail(f"via must be one of {', '.join(VIAS)}, got {via!r}", "via")
    source = _url(raw["from"], fail, "from") if "from" in raw else None
    if (via == "navigate") != (source is None):
        raise fail("a request with from = ... needs a via other than navigate, and via needs from", "via")
    return source, via


# --- placeholders ---------------------------------------------------------------------------------------

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _offset(text: str) -> timedelta:
    m = re.fullmatch(r"([+-]\d+(?:\.\d+)?)([smhd])", text.strip())
    if not m:
        raise ValueError(f"bad time offset {text!r}; use e.g. +1d, -30s, +400d")
    return timedelta(seconds=float(m.group(1)) * _UNITS[m.group(2)])


def expand(text: str, now: datetime) -> str:
    """Resolve ``${...}`` placeholders in a cookie line against ``now`` (UTC)."""

    def sub(m: re.Match[str]) -> str:
        kind, arg = m.group(1), m.group(2)
        if kind == "http-date":
            return (now + _offset(arg)).strftime("%a, %d %b %Y %H:%M:%S GMT")
        if kind == "date":
            off, _, fmt = arg.partition(":")
            return (now + _offset(off)).strftime(fmt)
        if kind == "repeat":
            chars, _, count = arg.rpartition(":")
            return chars * int(count)
        raise ValueError(f"unknown placeholder ${{{kind}:...}}")

    return PLACEHOLDER.sub(sub, text)


def utcnow() -> datetime:
    return datetime.now(UTC)


def all_hosts(cases: Iterable[Case]) -> set[str]:
    hosts: set[str] = set()
    for case in cases:
        hosts |= case.hosts()
    return hosts
