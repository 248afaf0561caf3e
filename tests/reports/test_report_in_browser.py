"""The report opened in a real Chromium: headline numbers match results.json, filters work, values stay inert.

Uses pytest-playwright's ``page`` fixture; a screenshot of the first screen is saved under the test's output
directory (``test-results/``) for people to look at.
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from reports.render import render_report

from .conftest import XSS_IMG, XSS_SCRIPT, case, result

pytestmark = pytest.mark.slow


def expected_headline(results: dict[str, Any]) -> dict[tuple[str, str], tuple[int, int]]:
    level = {c["id"]: c["level"] for c in results["cases"]}
    passed: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    for r in results["results"]:
        if r["status"] == "SKIP" or level[r["case"]] == "INFO":  # the headline is MUST and SHOULD
            continue
        key = (r["engine"], level[r["case"]])
        total[key] += 1
        passed[key] += r["status"] == "PASS"
    return {k: (passed[k], total[k]) for k in total}


@pytest.fixture
def report_page(page: Page, results: dict[str, Any], tmp_path: Path) -> Page:
    path = tmp_path / "report.html"
    path.write_text(render_report(results), encoding="utf-8")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.dialogs = dialogs  # type: ignore[attr-defined]
    return page


def test_headline_matches_results(report_page: Page, results: dict[str, Any], output_path: str) -> None:
    shown = {
        (el.get_attribute("data-engine"), el.get_attribute("data-level")):
            (int(el.get_attribute("data-passed") or -1), int(el.get_attribute("data-total") or -1))
        for el in report_page.locator("#headline .figure").all()
    }
    want = expected_headline(results)
    assert want, "the fixture has results"
    for key, value in want.items():
        assert shown.get(key) == value, f"{key}: report shows {shown.get(key)}, results.json says {value}"
    Path(output_path).mkdir(parents=True, exist_ok=True)
    report_page.screenshot(path=str(Path(output_path) / "report-first-screen.png"))


def test_filter_hides_and_shows_rows(report_page: Page, results: dict[str, Any]) -> None:
    rows = report_page.locator("#cases .case")
    total = rows.count()
    assert total == len(results["cases"])
    area = results["cases"][0]["area"]
    in_area = sum(c["area"] == area for c in results["cases"])
    report_page.select_option("#filter-area", area)
    report_page.wait_for_timeout(100)
    assert report_page.locator("#cases .case:not([hidden])").count() == in_area < total
    report_page.select_option("#filter-area", "")
    report_page.wait_for_timeout(100)
    assert report_page.locator("#cases .case:not([hidden])").count() == total


def test_axis_filter_with_engine_and_status(page: Page, results: dict[str, Any], tmp_path: Path) -> None:
    """The question the axis filters exist for: every case with SameSite=None, in Firefox, that failed."""
    doc = copy.deepcopy(results)
    for name, ff_status in (("none-get-cross", "FAIL"), ("none-post-cross", "PASS")):
        cid = f"samesite.matrix.{name}"
        doc["cases"].append(case(cid, axes={"samesite": "None", "method": name.split("-")[1].upper(),
                                            "site": "cross-site"}, area="samesite"))
        doc["results"] += [result(cid, "chromium", "PASS", want="n=1"),
                           result(cid, "firefox", ff_status, want="n=1", got="" if ff_status == "FAIL" else None),
                           result(cid, "webkit", "SKIP", message="webkit not available")]
    path = tmp_path / "report.html"
    path.write_text(render_report(doc), encoding="utf-8")
    page.goto(path.as_uri())
    axis = page.locator("#filters select.axis[title=samesite]")
    axis.select_option(label="samesite = None")
    shown = page.locator("#cases .case:not([hidden])")
    expect(shown).to_have_count(2)
    page.select_option("#filter-engine", "firefox")
    page.select_option("#filter-label", "status:FAIL")
    expect(shown).to_have_count(1)
    expect(shown.first).to_contain_text("samesite.matrix.none-get-cross")
    axis.select_option("")
    expect(shown).not_to_have_count(1)  # Firefox's other failures come back


def test_injected_cookie_values_render_as_text(report_page: Page) -> None:
    report_page.locator("#cases .case").first.wait_for()
    report_page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    text = report_page.locator("body").inner_text()
    assert XSS_SCRIPT in text
    assert "onerror=alert(1)" in text
    assert report_page.dialogs == []  # type: ignore[attr-defined]
    assert report_page.evaluate("document.querySelectorAll('img[src=x], img[onerror]').length") == 0
    assert report_page.evaluate(
        "[...document.scripts].filter(s => s.textContent.includes('alert(1)') && !s.type.includes('json')).length"
    ) == 0
    assert XSS_IMG
