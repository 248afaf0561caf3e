"""``python -m conformance.update_expectations out/results.json``: rewrite the per-engine known-deviation files.

Like wpt's update-expectations: a case that now fails (or errors) in an engine gets an entry with the observed
status; an entry whose case now passes is removed; reasons and bug links already written are kept. New entries
get a reason that quotes what was observed, to be replaced by a human explanation.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from conformance.expectations import EXPECTATIONS_DIR, Expectation, load_expectations


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def render(table: dict[str, Expectation], engine: str) -> str:
    lines = [f"# Known deviations of {engine} from RFC 6265bis, one table per case id.",
             "# Written by hand or by `python -m conformance.update_expectations`; see conformance/expectations.py.",
             ""]
    for case_id in sorted(table):
        e = table[case_id]
        lines.append(f"[{_toml_string(case_id)}]")
        lines.append(f"status = {_toml_string(e.status)}")
        lines.append(f"reason = {_toml_string(e.reason)}")
        if e.bug:
            lines.append(f"bug = {_toml_string(e.bug)}")
        if e.versions:
            lines.append(f"versions = {_toml_string(e.versions)}")
        if e.intermittent:
            lines.append(f"intermittent = [{', '.join(_toml_string(x) for x in e.intermittent)}]")
        lines.append("")
    return "\n".join(lines)


def update(results: dict, directory: Path = EXPECTATIONS_DIR) -> dict[str, list[str]]:
    """Apply ``results`` to the expectation files; returns engine -> changed case ids."""
    changed: dict[str, list[str]] = {}
    versions = {e["name"]: e["version"] for e in results["engines"]}
    by_engine: dict[str, list[dict]] = {}
    for r in results["results"]:
        by_engine.setdefault(r["engine"], []).append(r)
    for engine, rows in by_engine.items():
        table = load_expectations(engine, directory)
        before = dict(table)
        for r in rows:
            old = table.get(r["case"])
            if r["status"] == "SKIP":
                continue
            if old is not None and r["status"] in old.intermittent:
                continue  # a known flaky result: either outcome keeps the entry as written
            if r["status"] == "PASS":
                table.pop(r["case"], None)
            elif old is None or old.status != r["status"]:
                reason = old.reason if old else f"observed on {engine} {versions.get(engine, '')}: {r['message']}"
                table[r["case"]] = Expectation(r["status"], reason, old.bug if old else "", old.versions if old else "")
        if table != before:
            directory.mkdir(parents=True, exist_ok=True)
            (directory / f"{engine}.toml").write_text(render(table, engine), encoding="utf-8")
            changed[engine] = sorted(set(table) ^ set(before) | {k for k in table if before.get(k) != table[k]})
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.update_expectations", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", type=Path, help="a results.json written by a conformance run")
    parser.add_argument("--dir", type=Path, default=EXPECTATIONS_DIR, help="expectations directory")
    args = parser.parse_args(argv)
    try:
        results = json.loads(args.results.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        print(f"error: cannot read {args.results}: {e}", file=sys.stderr)
        return 2
    changed = update(results, args.dir)
    for engine, ids in changed.items():
        print(f"{args.dir / (engine + '.toml')}: {len(ids)} entr{'y' if len(ids) == 1 else 'ies'} changed")
        for case_id in ids:
            print(f"  {case_id}")
    if not changed:
        print("expectations already match the results")
    return 0


if __name__ == "__main__":
    sys.exit(main())
