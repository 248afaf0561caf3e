"""Retrieval: selection, order, serialisation (#retrieval-algorithm) and replacement keeping creation-time
(#storage-model step 23)."""

from __future__ import annotations

import pytest

from conformance.model import CookieJar

from .conftest import T0, FakeClock

URL = "https://site.test/a/b/page"


def test_longer_paths_first(jar: CookieJar) -> None:
    jar.set_from_http(URL, "short=1; Path=/")
    jar.set_from_http(URL, "mid=1; Path=/a")
    jar.set_from_http(URL, "long=1; Path=/a/b")
    assert jar.cookie_header(URL) == "long=1; mid=1; short=1"
    assert jar.document_cookie(URL) == "long=1; mid=1; short=1"


def test_equal_paths_by_creation_time(jar: CookieJar, clock: FakeClock) -> None:
    for name in ["zeta", "alpha", "mid"]:
        jar.set_from_http(URL, f"{name}=1; Path=/")
        clock.advance(1)
    assert jar.cookie_header(URL) == "zeta=1; alpha=1; mid=1"


def test_equal_creation_time_keeps_creation_order(jar: CookieJar) -> None:
    # The fake clock does not move: creation order breaks the tie.
    for name in ["b", "a", "c"]:
        jar.set_from_http(URL, f"{name}=1; Path=/")
    assert jar.cookie_header(URL) == "b=1; a=1; c=1"


def test_path_length_beats_creation_time(jar: CookieJar, clock: FakeClock) -> None:
    jar.set_from_http(URL, "old=1; Path=/")
    clock.advance(5)
    jar.set_from_http(URL, "new=1; Path=/a")
    assert jar.cookie_header(URL) == "new=1; old=1"


def test_host_and_domain_cookie_order_by_creation(jar: CookieJar, clock: FakeClock) -> None:
    jar.set_from_http("https://www.site.test/", "d=1; Domain=site.test")
    clock.advance(1)
    jar.set_from_http("https://www.site.test/", "h=1")
    assert jar.cookie_header("https://www.site.test/") == "d=1; h=1"


def test_same_name_different_domains_both_sent(jar: CookieJar) -> None:
    jar.set_from_http("https://www.site.test/", "x=host")
    jar.set_from_http("https://www.site.test/", "x=domain; Domain=site.test")
    assert jar.cookie_header("https://www.site.test/") == "x=host; x=domain"
    assert len(jar.cookies()) == 2


def test_overwrite_keeps_creation_time_and_position(jar: CookieJar, clock: FakeClock) -> None:
    jar.set_from_http(URL, "a=1; Path=/")
    clock.advance(10)
    jar.set_from_http(URL, "b=1; Path=/")
    clock.advance(10)
    result = jar.set_from_http(URL, "a=2; Path=/")
    assert result.stored
    a = next(c for c in jar.cookies() if c.name == "a")
    assert (a.value, a.creation_time) == ("2", T0)
    assert jar.cookie_header(URL) == "a=2; b=1"


def test_recreated_after_deletion_gets_new_creation_time(jar: CookieJar, clock: FakeClock) -> None:
    jar.set_from_http(URL, "a=1; Path=/")
    jar.set_from_http(URL, "b=1; Path=/")
    clock.advance(10)
    jar.set_from_http(URL, "a=; Path=/; Max-Age=0")
    jar.set_from_http(URL, "a=3; Path=/")
    assert jar.cookie_header(URL) == "b=1; a=3"
    assert next(c for c in jar.cookies() if c.name == "a").creation_time == T0 + 10


def test_overwrite_changes_attributes(jar: CookieJar) -> None:
    jar.set_from_http(URL, "a=1; Path=/; HttpOnly; Max-Age=60")
    jar.set_from_http(URL, "a=2; Path=/")
    (a,) = jar.cookies()
    assert (a.value, a.http_only, a.persistent, a.expiry) == ("2", False, False, None)


@pytest.mark.parametrize(
    ("line", "header"),
    [
        ("a=b", "a=b"),
        ("a=", "a="),  # empty value keeps the "="
        ("=b", "b"),  # nameless: just the value
        ("b", "b"),  # no "=": nameless
        ("a=\"q\"", "a=\"q\""),
        ("a=b c", "a=b c"),
        ("a=caf\u00e9", "a=caf\u00e9"),
    ],
)
def test_serialisation(jar: CookieJar, line: str, header: str) -> None:
    jar.set_from_http(URL, line + "; Path=/")
    assert jar.cookie_header(URL) == header
    assert jar.document_cookie(URL) == header


def test_nameless_and_no_equals_are_the_same_cookie(jar: CookieJar) -> None:
    jar.set_from_http(URL, "=one; Path=/")
    jar.set_from_http(URL, "two; Path=/")
    assert jar.cookie_header(URL) == "two"


@pytest.mark.parametrize("line", ["", "=", " = ", ";", "  "])
def test_empty_name_and_value_ignored(jar: CookieJar, line: str) -> None:
    result = jar.set_from_http(URL, line)
    assert not result.stored and "empty name and empty value" in result.reason


def test_no_cookie_header_when_nothing_matches(jar: CookieJar) -> None:
    assert jar.cookie_header(URL) is None
    assert jar.document_cookie(URL) == ""


def test_last_access_time_updated(jar: CookieJar, clock: FakeClock) -> None:
    jar.set_from_http(URL, "a=1; Path=/")
    clock.advance(30)
    jar.cookie_header(URL)
    assert jar.cookies()[0].last_access_time == T0 + 30
    assert jar.cookies()[0].creation_time == T0


def test_cookies_lists_stored_cookie_fields(jar: CookieJar) -> None:
    jar.set_from_http("https://www.site.test/p/q", "a=1; Secure; HttpOnly; SameSite=Strict; Max-Age=5")
    (c,) = jar.cookies()
    assert (c.name, c.value, c.domain, c.path, c.expiry, c.creation_time, c.host_only, c.secure_only,
            c.http_only, c.same_site, c.persistent) == (
        "a", "1", "www.site.test", "/p", T0 + 5, T0, True, True, True, "Strict", True)
