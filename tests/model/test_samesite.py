"""SameSite: the same-site-flag (#storage-model step 17), setting from cross-site contexts (step 18-19),
enforcement at retrieval (#retrieval-algorithm), schemeful same-site (#same-site-requests),
Lax-allowing-unsafe (#lax-allowing-unsafe) and the Policy choices around "Default"."""

from __future__ import annotations

import pytest

from conformance.model import CookieJar
from conformance.model.sites import same_site_urls

from .conftest import FakeClock

SITE = "https://www.site.test/"
SAME = "https://other.site.test/"  # same site, other origin
CROSS = "https://evil.test/"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("https://www.site.test/", "https://site.test/x", True),
        ("https://www.site.test/", "https://a.b.site.test/", True),
        ("https://www.site.test/", "http://www.site.test/", False),  # schemeful
        ("https://www.site.test/", "https://site.other/", False),
        ("https://a.github.io/", "https://b.github.io/", False),  # private-section public suffix
        ("http://127.0.0.1/", "http://127.0.0.1:8080/", True),
        ("http://127.0.0.1/", "http://127.0.0.2/", False),
        ("http://localhost/", "http://a.localhost/", False),  # localhost is a public suffix
        ("https://www.site.test/", None, True),
    ],
)
def test_same_site(a: str, b: str | None, expected: bool) -> None:
    assert same_site_urls(a, b) is expected


@pytest.mark.parametrize(
    ("attr", "flag"),
    [("", "Default"), ("; SameSite=Strict", "Strict"), ("; samesite=lax", "Lax"),
     ("; SameSite=None; Secure", "None"), ("; SameSite=junk", "Default"),
     ("; SameSite=Lax; SameSite=junk", "Default"),  # the last SameSite attribute decides
     ("; SameSite=Strict; SameSite=Lax", "Lax")],
)
def test_same_site_flag(jar: CookieJar, attr: str, flag: str) -> None:
    assert jar.set_from_http(SITE, "x=1" + attr).stored
    assert jar.cookies()[0].same_site == flag


def test_same_site_none_requires_secure(jar: CookieJar) -> None:
    result = jar.set_from_http(SITE, "x=1; SameSite=None")
    assert not result.stored and "SameSite=None without Secure" in result.reason


@pytest.mark.parametrize(
    ("attr", "top_level", "lax_by_default", "stored"),
    [
        ("SameSite=Strict", False, False, False),
        ("SameSite=Lax", False, False, False),
        ("SameSite=None; Secure", False, False, True),
        ("", False, False, True),  # "Default" treated as "None"
        ("", False, True, False),  # "Default" treated as Lax (the -22 letter)
        ("SameSite=junk", False, True, False),
        ("SameSite=Strict", True, False, True),  # top-level navigations may set any SameSite
        ("SameSite=Lax", True, True, True),
        ("", True, True, True),
    ],
)
def test_set_from_cross_site_request(make_jar, attr: str, top_level: bool, lax_by_default: bool,
                                     stored: bool) -> None:
    jar = make_jar(lax_by_default=lax_by_default)
    result = jar.set_from_http(SITE, f"x=1; {attr}", site_for_cookies=CROSS, top_level_navigation=top_level)
    assert result.stored is stored


@pytest.mark.parametrize("attr", ["SameSite=Strict", "SameSite=Lax", ""])
def test_set_from_same_site_subresource(make_jar, attr: str) -> None:
    jar = make_jar(lax_by_default=True)
    assert jar.set_from_http(SITE, f"x=1; {attr}", site_for_cookies=SAME, top_level_navigation=False).stored


def test_set_from_schemefully_cross_site_subresource(jar: CookieJar) -> None:
    result = jar.set_from_http(SITE, "x=1; SameSite=Lax", site_for_cookies="http://www.site.test/",
                               top_level_navigation=False)
    assert not result.stored


@pytest.fixture
def full_jar(make_jar) -> CookieJar:
    jar = make_jar()
    for line in ["strict=1; SameSite=Strict", "lax=1; SameSite=Lax", "none=1; SameSite=None; Secure", "dflt=1"]:
        assert jar.set_from_http(SITE, line).stored
    return jar


@pytest.mark.parametrize(
    ("site_for_cookies", "method", "top_level", "expected"),
    [
        (None, "GET", True, "strict=1; lax=1; none=1; dflt=1"),
        (SAME, "POST", False, "strict=1; lax=1; none=1; dflt=1"),  # same-site: all
        (CROSS, "GET", True, "lax=1; none=1; dflt=1"),  # cross-site top-level GET: Lax but not Strict
        (CROSS, "HEAD", True, "lax=1; none=1; dflt=1"),
        (CROSS, "OPTIONS", True, "lax=1; none=1; dflt=1"),
        (CROSS, "TRACE", True, "lax=1; none=1; dflt=1"),
        (CROSS, "POST", True, "none=1; dflt=1"),  # unsafe method
        (CROSS, "PUT", True, "none=1; dflt=1"),
        (CROSS, "DELETE", True, "none=1; dflt=1"),
        (CROSS, "GET", False, "none=1; dflt=1"),  # subresource
        ("http://www.site.test/", "GET", False, "none=1; dflt=1"),  # schemeful: http is another site
    ],
)
def test_retrieval_enforcement(full_jar: CookieJar, site_for_cookies: str | None, method: str,
                               top_level: bool, expected: str) -> None:
    header = full_jar.cookie_header(SITE, site_for_cookies=site_for_cookies, method=method,
                                    top_level_navigation=top_level)
    assert header == expected


@pytest.mark.parametrize(
    ("method", "top_level", "sent"), [("GET", True, True), ("POST", True, False), ("GET", False, False)]
)
def test_lax_by_default_retrieval(make_jar, method: str, top_level: bool, sent: bool) -> None:
    jar = make_jar(lax_by_default=True)
    jar.set_from_http(SITE, "dflt=1")
    header = jar.cookie_header(SITE, site_for_cookies=CROSS, method=method, top_level_navigation=top_level)
    assert (header == "dflt=1") is sent


@pytest.mark.parametrize(
    ("line", "age", "sent"),
    [("dflt=1", 120, True), ("dflt=1", 121, False), ("lax=1; SameSite=Lax", 0, False)],
)
def test_lax_allowing_unsafe(make_jar, clock: FakeClock, line: str, age: float, sent: bool) -> None:
    jar = make_jar(lax_by_default=True, lax_allowing_unsafe_seconds=120)
    jar.set_from_http(SITE, line)
    clock.advance(age)
    header = jar.cookie_header(SITE, site_for_cookies=CROSS, method="POST", top_level_navigation=True)
    assert (header is not None) is sent


def test_document_cookie_in_cross_site_frame(full_jar: CookieJar) -> None:
    assert full_jar.document_cookie(SITE, site_for_cookies=CROSS) == "none=1; dflt=1"
    assert full_jar.document_cookie(SITE, site_for_cookies=SAME) == "strict=1; lax=1; none=1; dflt=1"


@pytest.mark.parametrize(
    ("line", "site_for_cookies", "stored"),
    [("x=1; SameSite=Lax", CROSS, False), ("x=1; SameSite=Strict", CROSS, False),
     ("x=1; SameSite=None; Secure", CROSS, True), ("x=1", CROSS, False), ("x=1; SameSite=Lax", SAME, True)],
)
def test_script_in_frame(jar: CookieJar, line: str, site_for_cookies: str, stored: bool) -> None:
    assert jar.set_from_script(SITE, line, site_for_cookies=site_for_cookies).stored is stored


def test_third_party_blocking_policy(make_jar) -> None:
    jar = make_jar(block_third_party_cookies=True)
    assert not jar.set_from_http(SITE, "x=1; SameSite=None; Secure", site_for_cookies=CROSS,
                                 top_level_navigation=False).stored
    assert jar.set_from_http(SITE, "y=1; SameSite=None; Secure").stored
    assert jar.cookie_header(SITE, site_for_cookies=CROSS, top_level_navigation=False) is None
    assert jar.cookie_header(SITE, site_for_cookies=CROSS, top_level_navigation=True) == "y=1"
    assert jar.document_cookie(SITE, site_for_cookies=CROSS) == ""


@pytest.mark.parametrize(
    ("initiator", "hops", "top_level", "expected"),
    [
        (SITE, [CROSS + "hop"], False, "n=1"),  # same-site page, cross-site hop: cross-site subresource
        (SITE, [CROSS + "hop"], True, "l=1; n=1"),  # ... as a top-level GET navigation: Lax still goes
        (SITE, [SAME + "hop"], False, "s=1; l=1; n=1"),  # a same-site hop keeps the request same-site
        (CROSS, [SITE + "hop"], True, "l=1; n=1"),  # a hop on the site does not launder a cross-site request
        (SITE, [], False, "s=1; l=1; n=1"),
    ],
)
def test_redirect_chain_decides_same_site(jar: CookieJar, initiator: str, hops: list[str], top_level: bool,
                                          expected: str) -> None:
    for line in ("s=1; SameSite=Strict; Secure", "l=1; SameSite=Lax; Secure", "n=1; SameSite=None; Secure"):
        jar.set_from_http(SITE, line)
    assert jar.cookie_header(SITE + "target", site_for_cookies=initiator, top_level_navigation=top_level,
                             redirected_from=hops) == expected
