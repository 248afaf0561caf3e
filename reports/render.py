"""Renders ``results.json`` into one self-contained HTML report, and diffs two runs (HTML section and terminal text).

The summary (run, headline, matrix, interop) and one compact row per case are HTML; each case's details (steps,
probes, jar, reasons) are built by ``report.js`` when the case is opened, from one JSON document embedded in the page
(:func:`case_details`). That keeps a run of thousands of cases to a few MB.

Everything taken from the run (cookie names, values, Set-Cookie lines, messages) reaches the page as text only:
jinja2 autoescapes every expression, the few helpers that build markup escape their input with markupsafe, the
embedded JSON has ``<``, ``>`` and ``&`` escaped (:func:`script_json`), and ``report.js`` builds the details with
``createElement``/``textContent`` only.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"
LEVELS = ("MUST", "SHOULD", "INFO")
LABELS = (
    "PASS", "FAIL", "expected-FAIL", "unexpected-PASS", "unexpected-FAIL",
    "ERROR", "expected-ERROR", "unexpected-ERROR", "SKIP",
)
FAILING = ("FAIL", "ERROR")
RAN = ("PASS", "FAIL")  # engines whose result counts in interop agreement

# Control characters, invisible format characters, odd spaces and lone surrogates: shown as escapes.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u2000-\u200f"
    "\u2028-\u202f\u205f-\u206f\u3000\ufe00-\ufe0f\ufeff\ufff0-\ufffb\ud800-\udfff]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


# ---------------------------------------------------------------- text helpers


def _escape_char(ch: str) -> str:
    code = ord(ch)
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str | None) -> Markup:
    """Text with control/invisible characters and leading/trailing spaces shown as marked escapes."""
    if text is None:
        return Markup('<span class="na">not observed</span>')
    if text == "":
        return Markup('<span class="na">(empty)</span>')
    core = text.strip(" ")
    lead, trail = len(text) - len(text.lstrip(" ")), len(text) - len(text.rstrip(" "))
    if not core:
        lead, trail = len(text), 0
    space = Markup('<span class="esc" title="space">\u2423</span>')
    out = [space * lead]
    pos = 0
    for m in _INVISIBLE.finditer(core):
        out.append(escape(core[pos : m.start()]))
        out.append(Markup('<span class="esc" title="U+{:04X}">{}</span>').format(ord(m[0]), _escape_char(m[0])))
        pos = m.end()
    out.append(escape(core[pos:]))
    out.append(space * trail)
    return Markup("").join(out)


def cookie_pairs(serialised: str | None) -> list[str]:
    """``a=1; b=2`` -> ``["a=1", "b=2"]`` (Cookie header / document.cookie serialisation)."""
    return [p for p in serialised.split("; ") if p != ""] if serialised else []


def compare_cookies(expected: str, observed: str | None, ordered: bool) -> tuple[Markup, Markup]:
    """Expected and observed with differing pairs marked: ``miss`` (expected, absent) and ``extra`` (unexpected)."""
    if observed is None:
        return _mark_pairs(cookie_pairs(expected), Counter()), visible(None)
    exp, obs = cookie_pairs(expected), cookie_pairs(observed)
    if not exp and not obs:
        return visible(""), visible("")
    left = _mark_pairs(exp, Counter(obs), "miss")
    right = _mark_pairs(obs, Counter(exp), "extra")
    if ordered and Counter(exp) == Counter(obs) and exp != obs:
        right = Markup('<span class="order" title="same cookies, different order">{}</span>').format(right)
    return left, right


def _mark_pairs(items: list[str], other: Counter[str], cls: str = "") -> Markup:
    if not items:
        return visible("")
    remaining = Counter(other)
    parts = []
    for item in items:
        if remaining[item] > 0 or not cls:
            remaining[item] -= 1
            parts.append(visible(item))
        else:
            parts.append(Markup('<mark class="{}">{}</mark>').format(cls, visible(item)))
    return Markup("; ").join(parts)


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s) (never ``javascript:`` and friends), else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def percent(passed: int, total: int) -> str:
    return f"{100 * passed / total:.1f}%" if total else "\u2014"


def epoch(seconds: float | None) -> str:
    if seconds is None:
        return "session"
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (OverflowError, OSError, ValueError):
        return str(seconds)


def duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}m {secs:02d}s" if minutes else f"{seconds:.1f}s"


def status_of(label: str) -> str:
    """``expected-FAIL`` -> ``FAIL``."""
    return label.rsplit("-", 1)[-1]


def sub_area(case: dict[str, Any]) -> str:
    """``area/second-id-segment``: the key of a sub-area row and of the ``sub`` filter."""
    parts = case["id"].split(".")
    return f"{case['area']}/{parts[1] if len(parts) > 1 else ''}"


# ---------------------------------------------------------------- views


def engine_names(results: dict[str, Any]) -> list[str]:
    names = [e["name"] for e in results.get("engines", [])]
    for r in results.get("results", []):
        if r["engine"] not in names:
            names.append(r["engine"])
    return names


def index_results(results: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """case id -> engine -> result."""
    index: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in results.get("results", []):
        index[r["case"]][r["engine"]] = r
    return index


def headline(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Per engine and level (MUST, SHOULD): passed / ran, where ran excludes SKIP (ERROR counts as not passed)."""
    levels = {c["id"]: c["level"] for c in results.get("cases", [])}
    engines = {e["name"]: e for e in results.get("engines", [])}
    out = []
    for name in engine_names(results):
        counts: dict[str, Counter[str]] = {lvl: Counter() for lvl in ("MUST", "SHOULD")}
        labels: Counter[str] = Counter()
        for r in results.get("results", []):
            if r["engine"] != name:
                continue
            labels[r["label"]] += 1
            level = levels.get(r["case"])
            if level in counts:
                counts[level][r["status"]] += 1
        figures = []
        for level, c in counts.items():
            total = sum(c.values()) - c["SKIP"]
            figures.append({
                "level": level, "passed": c["PASS"], "failed": c["FAIL"], "errors": c["ERROR"],
                "skipped": c["SKIP"], "total": total, "percent": percent(c["PASS"], total),
                "ratio": c["PASS"] / total if total else 0.0,
            })
        engine = engines.get(name, {})
        out.append({
            "name": name, "available": engine.get("available", True), "version": engine.get("version", ""),
            "figures": figures, "labels": labels,
        })
    return out


def matrix(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Areas (sorted) with sub-areas; each row holds, per engine, counts by label."""
    index = index_results(results)
    engines = engine_names(results)
    areas: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for case in results.get("cases", []):
        areas[case["area"]][sub_area(case)].append(case)

    def cells(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
        row = []
        for engine in engines:
            counts = Counter(index[c["id"]][engine]["label"] for c in cases if engine in index[c["id"]])
            row.append({"engine": engine, "counts": [(lbl, counts[lbl]) for lbl in LABELS if counts[lbl]],
                        "total": sum(counts.values())})
        return row

    rows = []
    for area in sorted(areas):
        subs = areas[area]
        all_cases = [c for key in subs for c in subs[key]]
        rows.append({
            "area": area, "cases": len(all_cases), "cells": cells(all_cases),
            "subs": [{"key": key, "name": key.split("/", 1)[1], "cases": len(subs[key]), "cells": cells(subs[key])}
                     for key in sorted(subs)],
        })
    return rows


def interop(results: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Cases where the engines that ran them (PASS/FAIL only) disagree, grouped for a web developer; ERRORs apart."""
    index = index_results(results)
    engines = engine_names(results)
    groups: dict[str, list[dict[str, Any]]] = {"all": [], "one": [], "other": [], "errors": []}
    for case in results.get("cases", []):
        by_engine = index.get(case["id"], {})
        for engine in engines:
            r = by_engine.get(engine)
            if r and r["status"] == "ERROR":
                groups["errors"].append({"case": case, "engine": engine, "message": r["message"]})
        ran = {e: by_engine[e] for e in engines if e in by_engine and by_engine[e]["status"] in RAN}
        if len(ran) < 2:
            continue
        failing = [e for e, r in ran.items() if r["status"] == "FAIL"]
        passing = [e for e, r in ran.items() if r["status"] == "PASS"]
        entry = {"case": case, "engines": _interop_cells(engines, by_engine, ran), "probe": _first_split(ran)}
        if not failing:
            continue
        if not passing:
            if entry["probe"]["observed_differ"]:
                entry["note"] = "all deviate, and not in the same way"
            groups["all"].append(entry)
        elif len(failing) == 1:
            entry["odd"], entry["note"] = failing[0], f"only {failing[0]} deviates from the spec"
            groups["one"].append(entry)
        elif len(passing) == 1 and len(ran) >= 3:
            entry["odd"], entry["note"] = passing[0], f"only {passing[0]} follows the spec"
            groups["one"].append(entry)
        else:
            entry["note"] = f"pass: {', '.join(passing)}; fail: {', '.join(failing)}"
            groups["other"].append(entry)
    return groups


def _interop_cells(engines: list[str], by_engine: dict[str, Any], ran: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"engine": e, "label": by_engine[e]["label"] if e in by_engine else None, "ran": e in ran}
        for e in engines
    ]


def _first_split(ran: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The first probe on which the engines' observations (or verdicts) differ, for a one-line summary."""
    probes = {e: r.get("probes", []) for e, r in ran.items()}
    count = max((len(p) for p in probes.values()), default=0)
    chosen = 0
    for i in range(count):
        seen = {(p[i]["ok"], p[i]["observed"]) if i < len(p) else None for p in probes.values()}
        if len(seen) > 1 or any(i < len(p) and not p[i]["ok"] for p in probes.values()):
            chosen = i
            break
    first = next((p[chosen] for p in probes.values() if chosen < len(p)), None)
    observed = {e: (p[chosen]["observed"] if chosen < len(p) else None) for e, p in probes.items()}
    return {
        "kind": first["kind"] if first else "", "url": first["url"] if first else "",
        "expected": first["expected"] if first else "", "observed": observed,
        "observed_differ": len(set(observed.values())) > 1,
    }


def case_rows(results: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One compact row per case (in catalogue order) and the axis definitions behind the axis filters.

    A row carries only what the case list shows and filters on; the details are in :func:`case_details`.
    """
    index = index_results(results)
    engines = engine_names(results)
    axes = axis_defs(results)
    axis_pos = {a["name"]: (i, {v: j for j, v in enumerate(a["values"])}) for i, a in enumerate(axes)}
    rows = []
    for case in results.get("cases", []):
        by_engine = index.get(case["id"], {})
        labels = [by_engine[e]["label"] if e in by_engine else None for e in engines]
        rows.append({
            "case": case, "sub": sub_area(case), "badges": labels,
            "labels": " ".join(f"{e}:{lbl}" for e, lbl in zip(engines, labels, strict=True) if lbl),
            "ax": " ".join(f"{axis_pos[n][0]}:{axis_pos[n][1][v]}" for n, v in case.get("axes", {}).items()),
        })
    return rows, axes


def axis_defs(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The axes of the generated cases, each with its sorted values (the axis filters and ``data-ax`` index them)."""
    axis_values: dict[str, set[str]] = defaultdict(set)
    for case in results.get("cases", []):
        for name, value in case.get("axes", {}).items():
            axis_values[name].add(value)
    return [{"name": n, "values": sorted(axis_values[n])} for n in sorted(axis_values)]


class _Interner:
    """Repeated strings (requirements, URLs, sources, kinds) stored once in a table and referred to by index."""

    def __init__(self) -> None:
        self.table: list[str] = []
        self._pos: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        pos = self._pos.get(text)
        if pos is None:
            pos = self._pos[text] = len(self.table)
            self.table.append(text)
        return pos


def case_details(results: dict[str, Any], axes: list[dict[str, Any]]) -> dict[str, Any]:
    """Everything the case details show, compact, for the page to build a case's details when it is opened.

    Layout (``report.js`` reads it; ``S`` is a string table, ``s:`` below an index into it):
    ``{"engines": [name], "axes": [{"name", "values"}], "S": [str], "cases": [case]}`` with cases in row order,
    each ``{"r": s:requirement, "a": s:anchor, "u": s:anchor_url (only when http(s)), "src": [s:file, line],
    "n": note, "p": policy, "x": {axis index: value index}, "pr": [[s:kind, s:url, expected, ordered]],
    "st": steps, "e": [engine result or null]}`` (empty fields left out). A step is ``[s:kind, s:url, [line]]``,
    ``[s:"wait", seconds]`` or ``[s:"restart"]``. An engine result is ``{"l": label, "d": duration,
    "x": expected status (when not PASS), "why": reason, "bug": bug, "bh": 1 when bug is an http(s) link,
    "m": message, "o": [[probe index, observed, ok]] (only probes not observed exactly as expected),
    "n": probe count (when fewer than the case's), "P": [[s:kind, s:url, expected, ordered, observed, ok]]
    (instead of pr/o/n when its probes differ from the case's), "st": its steps (when they differ from the
    case's), "j": jar [[name, value, domain, path, expires, secure + 2*http_only, same_site]]}``.
    """
    index = index_results(results)
    engines = engine_names(results)
    axis_pos = {a["name"]: (i, {v: j for j, v in enumerate(a["values"])}) for i, a in enumerate(axes)}
    s = _Interner()

    def steps_of(steps: list[dict[str, Any]]) -> list[list[Any]]:
        out: list[list[Any]] = []
        for st in steps:
            if st["kind"] == "wait":
                out.append([s("wait"), st.get("seconds", 0)])
            elif st["kind"] == "restart":
                out.append([s("restart")])
            else:
                out.append([s(st["kind"]), s(st.get("url") or ""), st.get("lines", [])])
        return out

    cases = []
    for case in results.get("cases", []):
        by_engine = index.get(case["id"], {})
        file, _, line = case.get("source", "").rpartition(":")
        item: dict[str, Any] = {"r": s(case.get("requirement", "")), "a": s(case.get("anchor", ""))}
        url = safe_url(case.get("anchor_url"))
        if url:
            item["u"] = s(url)
        item["src"] = [s(file), line] if file else [s(case.get("source", "")), ""]
        if case.get("note"):
            item["n"] = case["note"]
        if case.get("policy"):
            item["p"] = case["policy"]
        if case.get("axes"):
            item["x"] = {axis_pos[n][0]: axis_pos[n][1][v] for n, v in case["axes"].items()}

        ran = [by_engine[e] for e in engines if e in by_engine]
        fullest = max(ran, key=lambda r: len(r.get("probes", [])), default=None)
        base = [(p["kind"], p["url"], p["expected"], p.get("ordered", False)) for p in
                (fullest.get("probes", []) if fullest else [])]
        if base:
            item["pr"] = [[s(k), s(u), exp, int(o)] for k, u, exp, o in base]
        with_steps = [r["steps"] for r in ran if r.get("steps")]
        base_steps = with_steps[0] if with_steps else []
        shared = all(st == base_steps for st in with_steps)
        if base_steps:
            item["st"] = steps_of(base_steps)

        per_engine: list[dict[str, Any] | None] = []
        for engine in engines:
            r = by_engine.get(engine)
            if r is None:
                per_engine.append(None)
                continue
            e: dict[str, Any] = {"l": r["label"], "d": round(r.get("duration", 0.0), 2)}
            expected = r.get("expected") or {}
            if expected.get("status", "PASS") != "PASS":
                e["x"] = expected["status"]
            if expected.get("reason"):
                also = expected.get("intermittent") or []
                e["why"] = expected["reason"] + (f" (known intermittent: {' or '.join(also)} also expected)"
                                                 if also else "")
            if expected.get("bug"):
                e["bug"] = expected["bug"]
                if safe_url(expected["bug"]):
                    e["bh"] = 1
            if r.get("message"):
                e["m"] = r["message"]
            probes = r.get("probes", [])
            defs = [(p["kind"], p["url"], p["expected"], p.get("ordered", False)) for p in probes]
            if defs == base[: len(defs)]:
                if len(defs) < len(base):
                    e["n"] = len(defs)
                odd = [[i, p["observed"], int(p["ok"])] for i, p in enumerate(probes)
                       if p["observed"] != p["expected"] or not p["ok"]]
                if odd:
                    e["o"] = odd
            else:
                e["P"] = [[s(p["kind"]), s(p["url"]), p["expected"], int(p.get("ordered", False)), p["observed"],
                           int(p["ok"])] for p in probes]
            if not shared and r.get("steps", []) != base_steps:
                e["st"] = steps_of(r.get("steps", []))
            if r.get("jar") is not None:
                e["j"] = [[c["name"], c["value"], c["domain"], c["path"], c.get("expires"),
                           int(bool(c.get("secure"))) + 2 * int(bool(c.get("http_only"))), c.get("same_site")]
                          for c in r["jar"]]
            per_engine.append(e)
        item["e"] = per_engine
        cases.append(item)
    return {"engines": engines, "axes": axes, "S": s.table, "cases": cases}


def script_json(value: Any) -> Markup:
    """JSON for a ``<script type="application/json">``: ``<``, ``>`` and ``&`` escaped, so nothing can close the
    element or start markup inside it; non-ASCII escaped too (lone surrogates survive as ``\\udxxx``)."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


# ---------------------------------------------------------------- diff


def diff_results(previous: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Changes between two runs, keyed by case id + engine.

    ``new_failures``: now FAIL/ERROR, before anything else (or absent for an existing case);
    ``fixes``: FAIL/ERROR before, PASS now; ``new_cases`` / ``removed_cases``: ids only in one run;
    ``changed``: every other change of status or label (e.g. PASS -> SKIP, FAIL -> expected-FAIL).
    """
    before, after = _keyed(previous), _keyed(current)
    old_ids = {c["id"] for c in previous.get("cases", [])}
    new_ids = {c["id"] for c in current.get("cases", [])}
    titles = {c["id"]: c for c in [*previous.get("cases", []), *current.get("cases", [])]}
    diff: dict[str, Any] = {
        "previous": previous.get("run", {}).get("started", ""), "current": current.get("run", {}).get("started", ""),
        "new_failures": [], "fixes": [], "new_cases": [], "removed_cases": [], "changed": [],
    }
    for key in sorted(after):
        case_id, engine = key
        if case_id not in old_ids:
            continue
        now, was = after[key], before.get(key)
        entry = {
            "case": case_id, "engine": engine, "title": titles[case_id]["title"], "level": titles[case_id]["level"],
            "before": was["status"] if was else None, "after": now["status"],
            "before_label": was["label"] if was else None, "after_label": now["label"],
        }
        if now["status"] in FAILING and (was is None or was["status"] not in FAILING):
            diff["new_failures"].append(entry)
        elif now["status"] == "PASS" and was is not None and was["status"] in FAILING:
            diff["fixes"].append(entry)
        elif was is not None and (was["status"], was["label"]) != (now["status"], now["label"]):
            diff["changed"].append(entry)
    for case_id in sorted(new_ids - old_ids):
        statuses = {e: r["label"] for (c, e), r in sorted(after.items()) if c == case_id}
        diff["new_cases"].append({"case": case_id, "title": titles[case_id]["title"],
                                  "level": titles[case_id]["level"], "labels": statuses})
    for case_id in sorted(old_ids - new_ids):
        diff["removed_cases"].append({"case": case_id, "title": titles[case_id]["title"],
                                      "level": titles[case_id]["level"]})
    return diff


def _keyed(results: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["case"], r["engine"]): r for r in results.get("results", [])}


DIFF_SECTIONS = (
    ("new_failures", "New failures"),
    ("fixes", "Fixes"),
    ("new_cases", "New cases"),
    ("removed_cases", "Removed cases"),
    ("changed", "Other changes"),
)


def format_diff_text(diff: dict[str, Any]) -> str:
    """The diff for a terminal: one line per case x engine, sections with counts."""
    lines = [f"Changes since previous run ({diff.get('previous') or '?'} -> {diff.get('current') or '?'})"]
    if not any(diff[key] for key, _ in DIFF_SECTIONS):
        return lines[0] + "\n  no changes\n"
    for key, title in DIFF_SECTIONS:
        items = diff[key]
        if not items:
            continue
        lines.append(f"  {title} ({len(items)}):")
        for item in items:
            if key == "new_cases":
                labels = " ".join(f"{e}:{lbl}" for e, lbl in item["labels"].items())
                lines.append(f"    {item['case']}  [{item['level']}]  {labels}")
            elif key == "removed_cases":
                lines.append(f"    {item['case']}  [{item['level']}]")
            else:
                was = item["before_label"] or "absent"
                lines.append(f"    {item['case']} [{item['engine']}]  {was} -> {item['after_label']}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- render


def as_json(value: Any) -> str:
    """A setting as JSON text, left for autoescape to escape (jinja's ``tojson`` shows quotes as ``\\u0027``)."""
    return json.dumps(value, ensure_ascii=False)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(as_json=as_json, visible=visible, safe_url=safe_url, duration=duration, status_of=status_of)
    return env


def render_report(results: dict[str, Any], previous: dict[str, Any] | None = None) -> str:
    """The whole report as one HTML string (inline CSS/JS, no network)."""
    rows, axes = case_rows(results)
    run = results.get("run", {})
    context = {
        "run": run,
        "engines": results.get("engines", []),
        "engine_names": engine_names(results),
        "headline": headline(results),
        "matrix": matrix(results),
        "interop": interop(results),
        "rows": rows,
        "axes": axes,
        "areas": sorted({c["area"] for c in results.get("cases", [])}),
        "subs": sorted({r["sub"] for r in rows}),
        "levels": [lvl for lvl in LEVELS if any(c["level"] == lvl for c in results.get("cases", []))],
        "labels": [lbl for lbl in LABELS if any(r["label"] == lbl for r in results.get("results", []))],
        "diff": diff_results(previous, results) if previous is not None else None,
        "diff_sections": DIFF_SECTIONS,
        "css": Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        "js": Markup((TEMPLATES / "report.js").read_text(encoding="utf-8")),
        "data": script_json(case_details(results, axes)),
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    return _environment().get_template("report.html.j2").render(context)


def load_results(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def write_report(results_path: Path, out_path: Path, previous_path: Path | None = None) -> None:
    """Render ``results_path`` (and the diff against ``previous_path``) into ``out_path``."""
    previous = load_results(previous_path) if previous_path else None
    html = render_report(load_results(results_path), previous)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    # errors="replace": a lone surrogate in the data must not stop the report (visible() already escapes them).
    out_path.write_text(html, encoding="utf-8", errors="replace")
