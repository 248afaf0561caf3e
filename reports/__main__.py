"""``python -m reports results.json -o report.html [--previous old.json]``: re-render the HTML report from a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reports.render import diff_results, format_diff_text, load_results, render_report
from reports.results import SchemaMismatch, validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports", description=__doc__)
    parser.add_argument("results", type=Path, help="results.json written by the pytest plugin")
    parser.add_argument("-o", "--out", type=Path, default=Path("report.html"), help="HTML file to write")
    parser.add_argument("--previous", type=Path, help="an older results.json: adds a 'Changes' section and prints it")
    parser.add_argument("--no-validate", action="store_true", help="skip the JSON Schema check of the inputs")
    args = parser.parse_args(argv)

    documents = {"results": args.results, "previous": args.previous}
    loaded = {}
    for role, path in documents.items():
        if path is None:
            continue
        try:
            loaded[role] = load_results(path)
            if not args.no_validate:
                validate(loaded[role])
        except (OSError, ValueError) as exc:
            print(f"error: cannot read {path}: {exc}", file=sys.stderr)
            return 2
        except SchemaMismatch as exc:
            print(f"error: {path} does not follow the schema at {exc.where}: {exc.message}", file=sys.stderr)
            return 2

    previous = loaded.get("previous")
    html = render_report(loaded["results"], previous)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(html, encoding="utf-8", errors="replace")
    print(f"wrote {args.out} ({len(html) // 1024} KiB)")
    if previous is not None:
        print(format_diff_text(diff_results(previous, loaded["results"])), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
