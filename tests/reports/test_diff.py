"""diff_results: new failures, fixes, new and removed cases, other changes; and its terminal form."""

from __future__ import annotations

from typing import Any

from reports.render import diff_results, format_diff_text


def test_diff(previous: dict[str, Any], results: dict[str, Any]) -> None:
    diff = diff_results(previous, results)
    assert [(d["case"], d["engine"], d["before"], d["after"]) for d in diff["new_failures"]] == [
        ("path.default.last-slash", "firefox", "PASS", "FAIL")
    ]
    assert [(d["case"], d["engine"], d["before"], d["after"]) for d in diff["fixes"]] == [
        ("domain.suffix.public", "firefox", "FAIL", "PASS")
    ]
    assert [d["case"] for d in diff["new_cases"]] == ["syntax.value.img"]
    assert diff["new_cases"][0]["labels"] == {"chromium": "FAIL", "firefox": "PASS", "webkit": "SKIP"}
    assert [d["case"] for d in diff["removed_cases"]] == ["expiry.old.gone"]
    assert diff["changed"] == []


def test_diff_other_changes(previous: dict[str, Any], results: dict[str, Any]) -> None:
    for r in results["results"]:
        if (r["case"], r["engine"]) == ("path.default.root", "chromium"):
            r.update(status="SKIP", label="SKIP")
    diff = diff_results(previous, results)
    assert [(d["case"], d["before_label"], d["after_label"]) for d in diff["changed"]] == [
        ("path.default.root", "PASS", "SKIP")
    ]


def test_no_changes(results: dict[str, Any]) -> None:
    diff = diff_results(results, results)
    assert not any(diff[k] for k in ("new_failures", "fixes", "new_cases", "removed_cases", "changed"))
    assert "no changes" in format_diff_text(diff)


def test_format_diff_text(previous: dict[str, Any], results: dict[str, Any]) -> None:
    text = format_diff_text(diff_results(previous, results))
    assert "New failures (1):" in text
    assert "Fixes (1):" in text and "domain.suffix.public [firefox]  FAIL -> PASS" in text
    assert "New cases (1):" in text and "syntax.value.img  [MUST]  chromium:FAIL firefox:PASS webkit:SKIP" in text
    assert "Removed cases (1):" in text and "expiry.old.gone" in text
    assert "Other changes" not in text
