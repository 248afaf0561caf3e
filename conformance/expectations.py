"""Per-engine known deviations (``conformance/expectations/<engine>.toml``) and how a result is judged against them.

A file maps case ids to the status the engine is known to give, with the reason and a bug link::

    ["domain.localhost.parent"]
    status = "FAIL"                       # FAIL | ERROR | SKIP | PASS
    reason = "WebKit stores ..."          # required: why the engine deviates
    bug = "https://bugs.webkit.org/..."   # optional
    versions = ">=150"                    # optional: only for these major versions (>=N, <N, ==N, or N-M)
    intermittent = ["PASS"]               # optional: other statuses also seen (a known flaky result)

A case with no entry is expected to PASS.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from reports.results import Verdict, judge

EXPECTATIONS_DIR = Path(__file__).parent / "expectations"
STATUSES = ("PASS", "FAIL", "ERROR", "SKIP")
_KEYS = {"status", "reason", "bug", "versions", "intermittent"}


class ExpectationFileError(ValueError):
    pass


@dataclass(frozen=True)
class Expectation:
    status: str
    reason: str = ""
    bug: str = ""
    versions: str = ""
    intermittent: tuple[str, ...] = ()  # other statuses seen too (a known flaky result, as in wpt)

    def verdict(self, status: str) -> Verdict:
        return judge(status, self.status, self.intermittent)

    def applies_to(self, version: str) -> bool:
        if not self.versions:
            return True
        m = re.search(r"\d+", version)
        if not m:
            return True
        major = int(m.group())
        spec = self.versions.replace(" ", "")
        if r := re.fullmatch(r"(\d+)-(\d+)", spec):
            return int(r.group(1)) <= major <= int(r.group(2))
        if r := re.fullmatch(r"(>=|<=|==|<|>)(\d+)", spec):
            op, n = r.group(1), int(r.group(2))
            return {">=": major >= n, "<=": major <= n, "==": major == n, "<": major < n, ">": major > n}[op]
        raise ExpectationFileError(f"bad versions spec {self.versions!r}")


def load_expectations(engine: str, directory: Path = EXPECTATIONS_DIR) -> dict[str, Expectation]:
    path = directory / f"{engine}.toml"
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ExpectationFileError(f"{path}: not valid TOML: {e}") from None
    lines = text.splitlines()
    out: dict[str, Expectation] = {}
    for case_id, entry in data.items():
        line = next((i + 1 for i, t in enumerate(lines) if f'"{case_id}"' in t or f"[{case_id}]" in t), None)
        where = f"{path}:{line}" if line else str(path)
        if not isinstance(entry, dict):
            raise ExpectationFileError(f"{where}: {case_id!r} must be a table")
        if set(entry) - _KEYS:
            raise ExpectationFileError(f"{where}: {case_id!r}: unknown key(s) {sorted(set(entry) - _KEYS)}")
        if entry.get("status") not in STATUSES:
            raise ExpectationFileError(f"{where}: {case_id!r}: status must be one of {', '.join(STATUSES)}")
        if not str(entry.get("reason", "")).strip():
            raise ExpectationFileError(f"{where}: {case_id!r}: a known deviation needs a reason")
        intermittent = entry.get("intermittent", [])
        if not isinstance(intermittent, list) or any(x not in STATUSES for x in intermittent):
            raise ExpectationFileError(f"{where}: {case_id!r}: intermittent must be a list of {', '.join(STATUSES)}")
        out[case_id] = Expectation(entry["status"], entry["reason"].strip(), entry.get("bug", ""),
                                   entry.get("versions", ""), tuple(intermittent))
    return out


def expected_for(table: dict[str, Expectation], case_id: str, version: str) -> Expectation:
    entry = table.get(case_id)
    if entry is not None and entry.applies_to(version):
        return entry
    return Expectation("PASS")
