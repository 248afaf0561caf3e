"""Expiry: Max-Age, Expires, the 400-day cap, deletion by expiry, eviction over time, end of session
(#storage-model steps 6, 23-24; Max-Age and Expires attribute processing)."""

from __future__ import annotations

import pytest

from conformance.model import CookieJar

from .conftest import T0, FakeClock, http_date

URL = "https://site.test/"
DAY = 86400


def test_session_cookie(jar: CookieJar) -> None:
    jar.set_from_http(URL, "x=1")
    cookie = jar.cookies()[0]
    assert (cookie.persistent, cookie.expiry) == (False, None)


def test_max_age_sets_expiry_and_expires_by_waiting(jar: CookieJar, clock: FakeClock) -> None:
    jar.set_from_http(URL, "x=1; Max-Age=60")
    assert jar.cookies()[0].persistent and jar.cookies()[0].expiry == T0 + 60
    clock.advance(60)
    assert jar.cookie_header(URL) == "x=1"  # expiry == now is not "in the past"
    clock.advance(1)
    assert jar.cookie_header(URL) is None
    assert jar.document_cookie(URL) == ""
    assert jar.cookies() == []


@pytest.mark.parametrize("value", ["0", "-1", "-0", "-999999"])
def test_non_positive_max_age_not_stored(jar: CookieJar, value: str) -> None:
    result = jar.set_from_http(URL, f"x=1; Max-Age={value}")
    assert not result.stored and jar.cookies() == []


@pytest.mark.parametrize("value", ["abc", "+5", "5s", "", "-", "1.5", "1e3"])
def test_invalid_max_age_leaves_a_session_cookie(jar: CookieJar, value: str) -> None:
    assert jar.set_from_http(URL, f"x=1; Max-Age={value}").stored
    assert jar.cookies()[0].persistent is False


@pytest.mark.parametrize(
    ("attrs", "expiry"),
    [
        ("Max-Age=60; Expires={past}", T0 + 60),  # Max-Age wins whatever the order
        ("Expires={past}; Max-Age=60", T0 + 60),
        ("Max-Age=60; Expires={future}", T0 + 60),
        ("Expires={future}; Max-Age=60", T0 + 60),
        ("Max-Age=abc; Expires={future}", T0 + 3600),  # an ignored Max-Age is not in the list
        ("Expires={future}; Expires=garbage", T0 + 3600),  # an unparsable Expires is not in the list
        ("Expires={past}; Expires={future}", T0 + 3600),  # last Expires wins
        ("Max-Age=10; Max-Age=60", T0 + 60),  # last Max-Age wins
        ("Max-Age=99999999999", T0 + 400 * DAY),  # capped
        ("Expires=Fri, 31 Dec 9999 23:59:59 GMT", T0 + 400 * DAY),
    ],
)
def test_expiry_precedence(jar: CookieJar, attrs: str, expiry: float) -> None:
    line = "x=1; " + attrs.format(past=http_date(T0 - 3600), future=http_date(T0 + 3600))
    assert jar.set_from_http(URL, line).stored
    assert jar.cookies()[0].expiry == expiry


@pytest.mark.parametrize(
    ("attrs", "stored"),
    [("Max-Age=0; Expires={future}", False), ("Expires={future}; Max-Age=-1", False),
     ("Expires={past}", False), ("Expires={future}", True)],
)
def test_expired_on_arrival(jar: CookieJar, attrs: str, stored: bool) -> None:
    line = "x=1; " + attrs.format(past=http_date(T0 - 1), future=http_date(T0 + 3600))
    assert jar.set_from_http(URL, line).stored is stored
    assert len(jar.cookies()) == int(stored)


@pytest.mark.parametrize("days", [1, 30])
def test_cap_follows_policy(make_jar, days: int) -> None:
    jar = make_jar(max_age_cap_days=days)
    jar.set_from_http(URL, "a=1; Max-Age=99999999")
    jar.set_from_http(URL, "b=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT")
    assert [c.expiry for c in jar.cookies()] == [T0 + days * DAY, T0 + days * DAY]


def test_capped_cookie_disappears_after_400_days(jar: CookieJar, clock: FakeClock) -> None:
    jar.set_from_http(URL, "x=1; Max-Age=999999999")
    clock.advance(400 * DAY)
    assert jar.cookie_header(URL) == "x=1"
    clock.advance(1)
    assert jar.cookie_header(URL) is None


@pytest.mark.parametrize("deleter", ["x=; Max-Age=0", "x=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT"])
def test_expired_cookie_deletes_existing(jar: CookieJar, deleter: str) -> None:
    jar.set_from_http(URL, "x=1")
    result = jar.set_from_http(URL, deleter)
    assert result.stored and result.reason == "deleted by expiry"
    assert jar.cookie_header(URL) is None


@pytest.mark.parametrize(
    "deleter",
    ["x=; Max-Age=0; Path=/other", "x=; Max-Age=0; Domain=site.test", "y=; Max-Age=0"],
)
def test_deletion_needs_same_name_domain_host_only_and_path(jar: CookieJar, deleter: str) -> None:
    jar.set_from_http(URL, "x=1; Path=/")
    result = jar.set_from_http(URL, deleter)
    assert not result.stored
    assert jar.cookie_header(URL) == "x=1"


def test_end_session_removes_only_session_cookies(jar: CookieJar) -> None:
    jar.set_from_http(URL, "session=1")
    jar.set_from_http(URL, "persistent=1; Max-Age=3600")
    jar.set_from_script(URL, "script=1")
    jar.end_session()
    assert jar.cookie_header(URL) == "persistent=1"


def test_session_cookie_survives_waiting(jar: CookieJar, clock: FakeClock) -> None:
    jar.set_from_http(URL, "x=1")
    clock.advance(10 * 365 * DAY)
    assert jar.cookie_header(URL) == "x=1"


def test_persistent_cookie_made_session_by_overwrite(jar: CookieJar) -> None:
    jar.set_from_http(URL, "x=1; Max-Age=3600")
    jar.set_from_http(URL, "x=2")
    jar.end_session()
    assert jar.cookie_header(URL) is None
