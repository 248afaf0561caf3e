"""Domain and Path in the storage model (#storage-model steps 7-11) and at retrieval (#retrieval-algorithm)."""

from __future__ import annotations

import pytest

from conformance.model import CookieJar
from conformance.model.domains import domain_match, registrable_domain
from conformance.model.paths import default_path, path_match
from conformance.model.urls import canonicalize_host

WWW = "https://www.site.test/"


@pytest.mark.parametrize(
    ("uri_path", "expected"),
    [("", "/"), ("/", "/"), ("/a", "/"), ("/a/", "/a"), ("/a/b", "/a"), ("/a/b/c", "/a/b"), ("a/b", "/"),
     ("//a", "/")],
)
def test_default_path(uri_path: str, expected: str) -> None:
    assert default_path(uri_path) == expected


@pytest.mark.parametrize(
    ("request_path", "cookie_path", "expected"),
    [
        ("/", "/", True),
        ("/a", "/", True),
        ("/a/b", "/a", True),
        ("/a", "/a", True),
        ("/ab", "/a", False),  # not at a segment boundary
        ("/a/", "/a/", True),
        ("/a", "/a/", False),
        ("/a/b", "/a/", True),
        ("/A", "/a", False),  # case-sensitive
        ("/", "/a", False),
        ("/a/b/c", "/a/b", True),
    ],
)
def test_path_match(request_path: str, cookie_path: str, expected: bool) -> None:
    assert path_match(request_path, cookie_path) is expected


@pytest.mark.parametrize(
    ("string", "domain", "expected"),
    [
        ("www.site.test", "site.test", True),
        ("site.test", "site.test", True),
        ("xsite.test", "site.test", False),
        ("site.test", "www.site.test", False),
        ("127.0.0.1", "0.0.1", False),  # IP addresses only match themselves
        ("127.0.0.1", "127.0.0.1", True),
        ("a.b.site.test", "site.test", True),
    ],
)
def test_domain_match(string: str, domain: str, expected: bool) -> None:
    assert domain_match(string, domain) is expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [("www.site.test", "site.test"), ("site.test", "site.test"), ("test", None), ("www.example.co.uk",
     "example.co.uk"), ("127.0.0.1", None), ("localhost", None), ("x.github.io", "x.github.io")],
)
def test_registrable_domain(host: str, expected: str | None) -> None:
    assert registrable_domain(host) == expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [("WWW.Site.Test", "www.site.test"), ("b\u00fccher.test", "xn--bcher-kva.test"), ("[::1]", "[::1]"),
     ("[0:0::1]", "[::1]"), ("a..b", None), ("example.com.", "example.com."), ("xn--zz", None)],
)
def test_canonicalize_host(host: str, expected: str | None) -> None:
    assert canonicalize_host(host) == expected


def test_no_path_uses_default_path(jar: CookieJar) -> None:
    jar.set_from_http("https://h.test/a/b/page", "x=1")
    assert [c.path for c in jar.cookies()] == ["/a/b"]
    assert jar.cookie_header("https://h.test/a/b/other") == "x=1"
    assert jar.cookie_header("https://h.test/a/bc") is None
    assert jar.cookie_header("https://h.test/a") is None


@pytest.mark.parametrize(
    ("attr", "path"),
    [("Path=/p", "/p"), ("Path=p", "/a"), ("Path=", "/a"), ("Path=/", "/"), ("Path=/x; Path=/y", "/y"),
     ("Path=/x; Path=y", "/a")],  # the last Path wins, even when it falls back to the default-path
)
def test_path_attribute(jar: CookieJar, attr: str, path: str) -> None:
    assert jar.set_from_http("https://h.test/a/b", f"x=1; {attr}").stored
    assert [c.path for c in jar.cookies()] == [path]


def test_query_is_not_part_of_the_path(jar: CookieJar) -> None:
    jar.set_from_http("https://h.test/p/page?q=/z/w", "x=1")
    assert jar.cookies()[0].path == "/p"
    assert jar.cookie_header("https://h.test/z/w?x=/p/") is None


def test_host_only_cookie(jar: CookieJar) -> None:
    assert jar.set_from_http(WWW, "x=1").stored
    cookie = jar.cookies()[0]
    assert (cookie.domain, cookie.host_only) == ("www.site.test", True)
    assert jar.cookie_header("https://www.site.test/") == "x=1"
    assert jar.cookie_header("https://site.test/") is None
    assert jar.cookie_header("https://a.www.site.test/") is None


@pytest.mark.parametrize("domain", ["site.test", ".site.test", "SITE.TEST", "Site.Test"])
def test_domain_cookie(jar: CookieJar, domain: str) -> None:
    assert jar.set_from_http(WWW, f"x=1; Domain={domain}").stored
    cookie = jar.cookies()[0]
    assert (cookie.domain, cookie.host_only) == ("site.test", False)
    for url in ["https://site.test/", "https://www.site.test/", "https://other.site.test/", "https://a.b.site.test/"]:
        assert jar.cookie_header(url) == "x=1", url
    for url in ["https://xsite.test/", "https://site.test.other/", "https://test/"]:
        assert jar.cookie_header(url) is None, url


def test_domain_equal_to_host_is_not_host_only(jar: CookieJar) -> None:
    assert jar.set_from_http(WWW, "x=1; Domain=www.site.test").stored
    assert jar.cookies()[0].host_only is False
    assert jar.cookie_header("https://a.www.site.test/") == "x=1"


@pytest.mark.parametrize(
    ("url", "line", "reason_part"),
    [
        (WWW, "x=1; Domain=other.test", "not a domain-match"),
        (WWW, "x=1; Domain=a.www.site.test", "not a domain-match"),
        (WWW, "x=1; Domain=ite.test", "not a domain-match"),
        (WWW, "x=1; Domain=test", "public suffix"),
        ("https://www.example.co.uk/", "x=1; Domain=co.uk", "public suffix"),
        ("https://www.example.co.uk/", "x=1; Domain=.uk", "public suffix"),
        ("https://x.github.io/", "x=1; Domain=github.io", "public suffix"),
        ("http://a.localhost/", "x=1; Domain=localhost", "public suffix"),
        (WWW, "x=1; Domain=site.test.", "not a domain-match"),  # no trailing-dot handling in the draft
        (WWW, "x=1; Domain=b\u00fccher.test", "non-ASCII"),
        ("http://127.0.0.1/", "x=1; Domain=0.0.1", "IP address"),
        ("http://127.0.0.1/", "x=1; Domain=localhost", "public suffix"),
    ],
)
def test_domain_rejected(jar: CookieJar, url: str, line: str, reason_part: str) -> None:
    result = jar.set_from_http(url, line)
    assert not result.stored
    assert reason_part in result.reason
    assert jar.cookies() == []


@pytest.mark.parametrize(
    ("url", "line"),
    [
        ("https://github.io/", "x=1; Domain=github.io"),  # public suffix equal to the host: host-only
        ("http://localhost/", "x=1; Domain=localhost"),
        ("https://test/", "x=1; Domain=test"),
        (WWW, "x=1; Domain="),  # empty domain-attribute: host-only
        (WWW, "x=1; Domain=."),  # "." minus its leading dot is empty
        (WWW, "x=1; Domain=site.test; Domain="),  # the last Domain wins (-22 step 7)
        (WWW, "x=1; Domain=" + "a" * 1025),  # over 1024 octets: attribute ignored
    ],
)
def test_host_only_via_domain_attribute(jar: CookieJar, url: str, line: str) -> None:
    assert jar.set_from_http(url, line).stored
    assert jar.cookies()[0].host_only is True


def test_ip_address_domain_must_equal_host(jar: CookieJar) -> None:
    assert jar.set_from_http("http://127.0.0.1/", "x=1; Domain=127.0.0.1").stored
    cookie = jar.cookies()[0]
    assert (cookie.domain, cookie.host_only) == ("127.0.0.1", False)
    assert jar.cookie_header("http://127.0.0.1/") == "x=1"


def test_public_suffix_allowed_when_policy_does_not_reject(make_jar) -> None:
    jar = make_jar(reject_public_suffixes=False)
    assert jar.set_from_http(WWW, "x=1; Domain=test").stored
    assert jar.cookie_header("https://other.test/") == "x=1"


def test_host_is_canonicalized(jar: CookieJar) -> None:
    jar.set_from_http("https://WWW.Site.TEST/", "x=1")
    jar.set_from_http("https://b\u00fccher.test/", "y=2")
    assert [c.domain for c in jar.cookies()] == ["www.site.test", "xn--bcher-kva.test"]
    assert jar.cookie_header("https://xn--bcher-kva.test/") == "y=2"


def test_port_is_ignored(jar: CookieJar) -> None:
    jar.set_from_http("https://site.test:8443/", "x=1")
    assert jar.cookie_header("https://site.test/") == "x=1"
    assert jar.cookie_header("https://site.test:9/") == "x=1"


def test_invalid_url_raises(jar: CookieJar) -> None:
    with pytest.raises(ValueError):
        jar.set_from_http("not a url", "x=1")
