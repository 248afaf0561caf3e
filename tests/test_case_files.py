"""Case files load into typed cases; malformed ones are rejected with the file and the line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from conformance.cases import CaseFileError, expand, load_catalogue, load_file

GOOD = '''area = "path"

[[case]]
id = "path.demo.one"
title = "demo"
anchor = "name-the-path-attribute"
level = "MUST"
requirement = "a sentence"
steps = [ { set = "https://www.site.test/a/b", cookies = ["a=1"] }, { wait = 1 }, { restart = true } ]
probes = [ { header = "https://www.site.test/a/x", expect = "a=1" },
  { document = "https://www.site.test/", expect = "" } ]
'''


def write(tmp_path: Path, text: str, name: str = "cases.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path: Path) -> None:
    (case,) = load_file(write(tmp_path, GOOD))
    assert case.id == "path.demo.one" and case.area == "path" and case.level == "MUST"
    assert [s.kind for s in case.steps] == ["set", "wait", "restart"]
    assert case.needs_restart and case.hosts() == {"www.site.test"}
    assert case.source.endswith("cases.toml:4")
    assert case.anchor_url.endswith("#name-the-path-attribute")


@pytest.mark.parametrize(
    ("mutation", "line", "message"),
    [
        (('level = "MUST"', 'level = "MAY"'), 7, "level must be one of"),
        (('title = "demo"', 'titel = "demo"'), 5, "unknown key 'titel'"),
        (('id = "path.demo.one"', 'id = "Path Demo"'), 4, "id must be a dotted"),
        (('expect = "a=1"', 'expct = "a=1"'), 10, "unknown key(s) ['expct']"),
        (('{ wait = 1 }', '{ wait = 99 }'), 9, "wait must be a number"),
        (('cookies = ["a=1"]', 'cookies = []'), 9, "cookies must be a non-empty array"),
        (('https://www.site.test/a/b', 'ftp://x/a'), 9, "must be an absolute http(s) URL"),
        (('{ restart = true }', '{ reboot = true }'), 4, "a step has exactly one of"),
        (('anchor = "name-the-path-attribute"\n', ''), 4, "'anchor' is required"),
        (('expect = "a=1"', 'expect = "a=1", redirect = "https://other.test/hop"'), 10, "redirect needs from"),
        (('{ header = "https://www.site.test/a/x", expect = "a=1" }',
          '{ expiry = "https://www.site.test/a/x", name = "a", expect = "soon" }'), 10, "an expiry probe expects"),
        (('{ header = "https://www.site.test/a/x", expect = "a=1" }',
          '{ expiry = "https://www.site.test/a/x", expect = "400d" }'), 10, "an expiry probe needs name"),
    ],
)
def test_malformed_cases_name_file_and_line(tmp_path: Path, mutation: tuple[str, str], line: int, message: str) -> None:
    text = GOOD.replace(*mutation)
    assert text != GOOD
    path = write(tmp_path, text)
    with pytest.raises(CaseFileError) as err:
        load_file(path)
    assert f"{path}:{line}:" in str(err.value)
    assert message in str(err.value)


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('title = "demo"', 'title = "demo'))
    with pytest.raises(CaseFileError, match=rf"{path}:5: not valid TOML"):
        load_file(path)


def test_duplicate_ids_across_files_are_rejected(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.toml")
    write(tmp_path, GOOD, "b.toml")
    with pytest.raises(CaseFileError, match="duplicate case id 'path.demo.one'"):
        load_catalogue(tmp_path)


def test_unknown_top_level_key(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="unknown top-level key"):
        load_file(write(tmp_path, "areas = 'x'\n" + GOOD))


def test_placeholders_are_relative_to_now() -> None:
    now = datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert expand("a=1; Expires=${http-date:+1d}", now) == "a=1; Expires=Tue, 07 May 2030 07:08:09 GMT"
    assert expand("${http-date:-30s}", now) == "Mon, 06 May 2030 07:07:39 GMT"
    assert expand("${date:+2h:%d-%b-%y %H:%M:%S}", now) == "06-May-30 09:08:09"
    assert expand("v=${repeat:ab:3}", now) == "v=ababab"
    with pytest.raises(ValueError, match="bad time offset"):
        expand("${http-date:tomorrow}", now)


def test_the_shipped_catalogue_loads() -> None:
    cases = load_catalogue()
    assert len({c.id for c in cases}) == len(cases)


def test_a_variant_runs_the_case_again_in_a_differently_configured_browser(tmp_path: Path) -> None:
    text = GOOD.replace('level = "MUST"', 'level = "MUST"\nvariants = ["third-party-cookies-allowed"]')
    shipped, variant = load_file(write(tmp_path, text))
    assert (shipped.id, shipped.browser) == ("path.demo.one", {})
    assert variant.id == "path.demo.one.3pc-allowed"
    assert variant.browser == {"third_party_cookies": "allowed"}
    assert variant.probes == shipped.probes and "third-party cookies allowed" in variant.title


def test_an_unknown_variant_names_its_line(tmp_path: Path) -> None:
    text = GOOD.replace('level = "MUST"', 'level = "MUST"\nvariants = ["cookies-off"]')
    with pytest.raises(CaseFileError) as err:
        load_file(write(tmp_path, text))
    assert "cases.toml:8" in str(err.value) and "variants must be a list of" in str(err.value)


def test_a_set_step_can_come_from_another_sites_page(tmp_path: Path) -> None:
    text = GOOD.replace('{ set = "https://www.site.test/a/b", cookies = ["a=1"] }',
                        '{ set = "https://www.site.test/a/b", from = "https://other.test/", via = "iframe", '
                        'cookies = ["a=1"] }')
    (case,) = load_file(write(tmp_path, text))
    assert (case.steps[0].source, case.steps[0].via) == ("https://other.test/", "iframe")
    assert case.hosts() == {"www.site.test", "other.test"}
    bad = text.replace('from = "https://other.test/", ', "")
    with pytest.raises(CaseFileError, match="via needs from"):
        load_file(write(tmp_path, bad, "bad.toml"))


def test_a_redirected_probe_names_its_hop(tmp_path: Path) -> None:
    text = GOOD.replace('expect = "a=1"', 'from = "https://www.site.test/", via = "img", '
                                          'redirect = "https://other.test/hop", expect = ""')
    (case,) = load_file(write(tmp_path, text))
    assert case.probes[0].redirect == "https://other.test/hop"
    assert "other.test" in case.hosts()
