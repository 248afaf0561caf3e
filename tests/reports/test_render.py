"""The HTML report: inert against hostile cookie data, correct headline numbers, the parts a browser test looks for."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from reports.__main__ import main
from reports.render import compare_cookies, headline, interop, render_report, visible, write_report


class Collector(HTMLParser):
    """Elements with their attributes, and the text inside each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(html: str) -> Collector:
    parser = Collector()
    parser.feed(html)
    parser.close()
    return parser


def test_hostile_values_render_inert(results: dict[str, Any]) -> None:
    html = render_report(results)
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    doc = parse(html)
    assert not [a for tag, a in doc.elements if tag == "img"]
    assert not [a for _, a in doc.elements if any(k.startswith("on") for k in a)]
    assert len(doc.scripts) == 2  # the case details as JSON, and the report's own code
    data, code = doc.scripts
    assert "alert(" not in code
    assert "<" not in data and ">" not in data and "&" not in data  # nothing in the JSON can start markup
    # ...yet the values are there: as text in the HTML, and intact in the details' JSON (report.js shows them with
    # textContent; tests/reports/test_report_in_browser.py checks that in a real browser).
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" in json.dumps(json.loads(data), ensure_ascii=False)
    assert '"><img src=x onerror=alert(1)>' in json.dumps(json.loads(data), ensure_ascii=False)


def test_embedded_json_cannot_close_the_script(results: dict[str, Any]) -> None:
    results["cases"][-1]["axes"]["samesite"] = "</script><script>alert(1)</script>"
    doc = parse(render_report(results))
    scripts = [a for tag, a in doc.elements if tag == "script"]
    assert len(scripts) == 2 and scripts[0].get("type") == "application/json"
    config = json.loads(doc.scripts[0])  # the value stayed inside the JSON and round-trips
    assert "</script><script>alert(1)</script>" in config["axes"][1]["values"]
    assert "alert(" not in doc.scripts[1]


def test_only_http_links(results: dict[str, Any]) -> None:
    results["cases"][0]["anchor_url"] = "javascript:alert(1)"
    results["results"][4]["expected"]["bug"] = "javascript:alert(2)"
    doc = parse(render_report(results))
    hrefs = [a.get("href") or "" for tag, a in doc.elements if tag == "a"]
    assert not [h for h in hrefs if h.lower().startswith("javascript")]


def test_control_characters_are_visible() -> None:
    assert str(visible("a=1\x01")) == 'a=1<span class="esc" title="U+0001">\\x01</span>'
    assert "\\u200b" in str(visible("a\u200bb"))
    assert str(visible("")) == '<span class="na">(empty)</span>'
    assert "not observed" in str(visible(None))
    assert str(visible(" a")).count("\u2423") == 1
    assert "&lt;b&gt;" in str(visible("<b>"))


def test_cookie_differences_marked() -> None:
    exp, obs = compare_cookies("a=1; b=2", "a=1; c=3", ordered=False)
    assert '<mark class="miss">b=2</mark>' in exp
    assert '<mark class="extra">c=3</mark>' in obs
    assert "<mark" not in str(compare_cookies("a=1; b=2", "b=2; a=1", ordered=False)[1])
    assert 'class="order"' in str(compare_cookies("a=1; b=2", "b=2; a=1", ordered=True)[1])


def test_headline_numbers(results: dict[str, Any]) -> None:
    figures = {(h["name"], f["level"]): (f["passed"], f["total"], f["percent"]) for h in headline(results)
               for f in h["figures"]}
    assert figures[("chromium", "MUST")] == (5, 7, "71.4%")
    assert figures[("chromium", "SHOULD")] == (1, 2, "50.0%")  # the ERROR counts as not passed
    assert figures[("firefox", "MUST")] == (3, 6, "50.0%")  # the SKIP is left out
    assert figures[("firefox", "SHOULD")] == (2, 2, "100.0%")
    assert figures[("webkit", "MUST")] == (0, 0, "\u2014")


def test_headline_in_html(results: dict[str, Any]) -> None:
    doc = parse(render_report(results))
    figs = {(a["data-engine"], a["data-level"]): (a["data-passed"], a["data-total"])
            for _, a in doc.elements if "figure" in (a.get("class") or "").split()}
    assert figs[("chromium", "MUST")] == ("5", "7")
    assert figs[("firefox", "SHOULD")] == ("2", "2")
    assert "MUST</span> <b>5/7</b> <span class=\"pct\">(71.4%)" in render_report(results)


def test_structure_for_browser_tests(results: dict[str, Any]) -> None:
    html = render_report(results)
    doc = parse(html)
    ids = {a.get("id") for _, a in doc.elements}
    for needed in ("headline", "matrix", "interop", "cases", "filter-area", "filter-level", "filter-label",
                   "filter-engine", "search", "case-path.default.last-slash"):
        assert needed in ids, needed
    rows = {a["data-id"]: a for _, a in doc.elements if "case" in (a.get("class") or "").split()}
    assert len(rows) == len(results["cases"])
    row = rows["path.default.last-slash"]
    assert row["data-area"] == "path" and row["data-level"] == "MUST"
    assert row["data-labels"] == "chromium:PASS firefox:FAIL webkit:SKIP"
    assert rows["path.match.prefix"]["data-labels"].startswith("chromium:expected-FAIL ")
    # axis filters come from the data
    axis_selects = [a for tag, a in doc.elements if tag == "select" and "axis" in (a.get("class") or "")]
    assert sorted(a["title"] for a in axis_selects) == ["method", "samesite", "site"]
    # the unavailable engine, with its reason and install command
    assert "not available" in html and "python -m playwright install --with-deps webkit" in html


def test_interop_groups(results: dict[str, Any]) -> None:
    groups = interop(results)
    assert [e["case"]["id"] for e in groups["all"]] == ["path.match.prefix"]
    one = {e["case"]["id"]: e["odd"] for e in groups["one"]}
    assert one == {
        "path.default.last-slash": "firefox",
        "syntax.value.script": "firefox",
        "syntax.value.img": "chromium",
    }
    assert groups["other"] == []
    assert [(e["case"]["id"], e["engine"]) for e in groups["errors"]] == [("domain.suffix.public", "chromium")]


def test_write_report_and_cli(results: dict[str, Any], previous: dict[str, Any], tmp_path: Path, capsys) -> None:
    current_path, previous_path = tmp_path / "results.json", tmp_path / "old.json"
    current_path.write_text(json.dumps(results), encoding="utf-8")
    previous_path.write_text(json.dumps(previous), encoding="utf-8")
    write_report(current_path, tmp_path / "a.html", previous_path)
    assert "Changes since previous run" in (tmp_path / "a.html").read_text(encoding="utf-8")
    assert main([str(current_path), "-o", str(tmp_path / "b.html"), "--previous", str(previous_path)]) == 0
    out = capsys.readouterr().out
    assert "New failures (1)" in out and "path.default.last-slash [firefox]  PASS -> FAIL" in out
    assert "<script" not in (tmp_path / "b.html").read_text(encoding="utf-8").split("<script type=")[0]


def test_cli_rejects_invalid_input(results: dict[str, Any], tmp_path: Path, capsys) -> None:
    results["results"][0]["status"] = "MAYBE"
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results), encoding="utf-8")
    assert main([str(path), "-o", str(tmp_path / "r.html")]) == 2
    assert "does not follow the schema" in capsys.readouterr().err
