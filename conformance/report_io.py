"""Turns a finished run into its outputs: results.json (validated), report.html, and the terminal summary."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reports.results import host_info, now_iso, write_json

if TYPE_CHECKING:
    from conformance.plugin import RunState


def model_info() -> dict[str, Any]:
    try:
        from conformance.model import DRAFT, Policy
    except ImportError:
        return {"draft": "unknown", "policy": {}}
    policy = {k: v if isinstance(v, str | bool | int | float) or v is None else ", ".join(map(str, v))
              for k, v in Policy().describe().items()}
    return {"draft": DRAFT, "policy": policy}


def build_document(state: RunState) -> dict[str, Any]:
    ran = {o.run.case_id for o in state.outcomes}
    infos = state.infos
    engines = [infos[e].to_json() for e in state.engines if e in infos]
    cases = [
        {"id": c.id, "title": c.title, "area": c.area, "anchor": c.anchor, "anchor_url": c.anchor_url,
         "level": c.level, "requirement": c.requirement, "note": c.note, "policy": c.policy, "source": c.source,
         "axes": getattr(c, "axes", {}) or {}, "browser": c.browser}
        for c in state.cases.values() if c.id in ran
    ]
    results = []
    for o in state.outcomes:
        v = o.expectation.verdict(o.run.status)
        data = o.run.to_json()
        results.append({
            "case": o.run.case_id, "engine": o.run.engine, "status": o.run.status,
            "expected": {"status": o.expectation.status, "reason": o.expectation.reason, "bug": o.expectation.bug,
                         "intermittent": list(o.expectation.intermittent)},
            "unexpected": v.unexpected, "label": v.label,
            "probes": data["probes"], "steps": data["steps"], "jar": data["jar"],
            "duration": data["duration"], "message": data["message"], "mode": data["mode"],
        })
    finished = now_iso()
    return {
        "schema": "cookie-conformance/results", "schema_version": 1,
        "run": {"started": state.started or finished, "finished": finished, "duration": _duration(state),
                "host": host_info(), "model": model_info(), "command": " ".join(sys.argv)},
        "engines": engines, "cases": cases, "results": results,
    }


def _duration(state: RunState) -> float:
    from datetime import datetime

    try:
        start = datetime.fromisoformat(state.started)
        return round((datetime.fromisoformat(now_iso()) - start).total_seconds(), 1)
    except ValueError:
        return 0.0


def write_outputs(state: RunState, report_dir: Path) -> None:
    document = build_document(state)
    results_path = report_dir / "results.json"
    write_json(document, results_path)
    previous = state.config.getoption("previous_results")
    from reports.render import write_report

    write_report(results_path, report_dir / "report.html", Path(previous) if previous else None)


def terminal_lines(state: RunState, report_dir: Path) -> list[str]:
    lines: list[str] = []
    unexpected = [o for o in state.outcomes if o.expectation.verdict(o.run.status).unexpected]
    if unexpected:
        lines.append(f"UNEXPECTED RESULTS ({len(unexpected)}) — these fail the run:")
        for o in unexpected:
            lines.append(f"  {o.run.case_id} [{o.run.engine}]: {o.run.status}, expected {o.expectation.status}"
                         + (f" — {o.run.message}" if o.run.message else ""))
    infos = state.infos
    for name in state.engines:
        info = infos.get(name)
        if info is None:
            continue
        if info.available:
            counts: dict[str, int] = {}
            for o in state.outcomes:
                if o.run.engine == name:
                    label = o.expectation.verdict(o.run.status).label
                    counts[label] = counts.get(label, 0) + 1
            summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            lines.append(f"{name}: {info.engine} {info.version} via {info.backend}: {summary}")
        else:
            lines.append(f"{name}: NOT AVAILABLE ({info.reason}); install with: {info.install}")
    previous = state.config.getoption("previous_results")
    current = report_dir / "results.json"
    if previous and current.exists():
        from reports.render import diff_results, format_diff_text, load_results

        lines.append(f"changes since {previous}:")
        lines.extend("  " + line for line in format_diff_text(
            diff_results(load_results(Path(previous)), load_results(current))).splitlines())
    lines.append(f"results: {current}   report: {report_dir / 'report.html'}")
    return lines
