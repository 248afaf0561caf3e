"""Expands a ``[matrix]`` case file (axis tables) into one case per combination, expectations from the model.

The file names the axes and their values, the URL the cookie is set from and the probes (see
``conformance/cases/matrix.toml``). Each combination becomes a Case whose id names its axis values in order
(``matrix.https.secure.httponly.lax.path-dir.domain-parent.max-age``) and whose ``axes`` map lets the report
filter by any axis. The expected value of every probe is what ``conformance.oracle.predict`` says.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from conformance.cases import LEVELS, Case, CaseFileError, Probe, Step

_MATRIX_KEYS = {"id", "area", "anchor", "level", "requirement", "cases_per_site", "cookie", "set", "probes", "axis"}


def expand_matrix(path: Path, data: dict[str, Any], lines: list[str]) -> list[Case]:
    from conformance.oracle import predict  # the model is only needed once a matrix is expanded

    m = data["matrix"]

    def fail(message: str, needle: str | None = None) -> CaseFileError:
        line = next((i + 1 for i, t in enumerate(lines) if needle and needle in t), None)
        return CaseFileError(path, line, f"matrix: {message}")

    unknown = set(m) - _MATRIX_KEYS
    if unknown:
        raise fail(f"unknown key(s) {sorted(unknown)} (allowed: {sorted(_MATRIX_KEYS)})", sorted(unknown)[0])
    if m.get("level") not in LEVELS:
        raise fail(f"level must be one of {LEVELS}", "level")
    axes = m.get("axis") or []
    if not axes or not all(isinstance(a, dict) and a.get("name") and a.get("values") for a in axes):
        raise fail("needs [[matrix.axis]] tables, each with a name and values", "axis")
    for axis in axes:
        for value in axis["values"]:
            if set(value) - {"id", "attr", "scheme"} or "id" not in value:
                raise fail(f"axis {axis['name']!r}: a value has keys id and attr (or scheme)", axis["name"])
    per_site = int(m.get("cases_per_site", 150))
    start = next((i + 1 for i, t in enumerate(lines) if t.strip() == "[matrix]"), 1)
    cases = []
    for n, combo in enumerate(itertools.product(*(a["values"] for a in axes))):
        site = f"m{n // per_site}.test"
        fields = {"site": site, "scheme": next((v["scheme"] for v in combo if "scheme" in v), "https")}
        attrs = "".join(v.get("attr", "") for v in combo).replace("{site}", site)
        line = m["cookie"] + attrs
        steps = (Step("set", m["set"].format(**fields), (line,)),)
        probes = []
        for raw in m["probes"]:
            kind = "header" if "header" in raw else "document"
            probes.append(Probe(kind, raw[kind].format(**fields), ""))
        axis_values = {a["name"]: v["id"] for a, v in zip(axes, combo, strict=True)}
        draft = Case(
            id=".".join([m["id"], *axis_values.values()]),
            title=f"{line}  (set from {steps[0].url})",
            area=m.get("area", "matrix"), anchor=m["anchor"], level=m["level"],
            requirement=" ".join(m["requirement"].split()), steps=steps, probes=tuple(probes),
            source=f"{path}:{start}", axes=axis_values,
        )
        expected = predict(draft)
        cases.append(Case(**{**draft.__dict__, "probes": tuple(
            Probe(p.kind, p.url, e, p.ordered) for p, e in zip(draft.probes, expected, strict=True))}))
    return cases
