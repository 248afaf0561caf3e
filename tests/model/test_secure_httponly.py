"""Secure and HttpOnly (#storage-model steps 12-16, 23; #retrieval-algorithm)."""

from __future__ import annotations

import pytest

from conformance.model import CookieJar

HTTPS = "https://www.site.test/"
HTTP = "http://www.site.test/"


def test_secure_from_non_secure_origin_ignored(jar: CookieJar) -> None:
    result = jar.set_from_http(HTTP, "x=1; Secure")
    assert not result.stored and "non-secure origin" in result.reason


def test_secure_cookie_sent_only_over_secure(jar: CookieJar) -> None:
    assert jar.set_from_http(HTTPS, "x=1; Secure").stored
    assert jar.cookie_header(HTTPS) == "x=1"
    assert jar.cookie_header(HTTP) is None
    assert jar.document_cookie(HTTP) == ""
    assert jar.document_cookie(HTTPS) == "x=1"
    assert jar.cookie_header("wss://www.site.test/") == "x=1"


def test_non_secure_cookie_sent_over_both(jar: CookieJar) -> None:
    jar.set_from_http(HTTP, "x=1")
    assert jar.cookie_header(HTTPS) == "x=1" and jar.cookie_header(HTTP) == "x=1"


@pytest.mark.parametrize(
    "url", ["http://localhost/", "http://app.localhost/", "http://127.0.0.1/", "http://127.9.9.9/", "http://[::1]/"]
)
def test_localhost_is_secure_by_policy(make_jar, url: str) -> None:
    assert make_jar().set_from_http(url, "x=1; Secure").stored
    jar = make_jar(localhost_is_secure=False)
    assert not jar.set_from_http(url, "x=1; Secure").stored


def test_localhost_secure_cookie_sent_over_http(jar: CookieJar) -> None:
    jar.set_from_http("http://localhost/", "x=1; Secure")
    assert jar.cookie_header("http://localhost/") == "x=1"


@pytest.mark.parametrize(
    ("line", "allowed"),
    [
        ("a=2", False),  # same name, same domain, default-path /login
        ("a=2; Path=/login", False),
        ("a=2; Path=/login/en", False),  # path-matches the secure cookie's path
        ("a=2; Path=/", True),  # draft's own example: allowed
        ("a=2; Path=/foo", True),
        ("a=2; Path=/loginx", True),
        ("b=2; Path=/login", True),  # other name
    ],
)
def test_non_secure_origin_cannot_overlay_secure_cookie(jar: CookieJar, line: str, allowed: bool) -> None:
    jar.set_from_http(HTTPS, "a=1; Secure; Path=/login")
    assert jar.set_from_http("http://www.site.test/login/page", line).stored is allowed


@pytest.mark.parametrize(
    ("secure_url", "secure_line", "plain_url", "plain_line", "allowed"),
    [
        (HTTPS, "a=1; Secure; Domain=site.test", HTTP, "a=2", False),  # new domain-matches old
        ("https://site.test/", "a=1; Secure", HTTP, "a=2", False),  # old... www domain-matches site
        (HTTPS, "a=1; Secure", "http://site.test/", "a=2", False),  # vice versa
        (HTTPS, "a=1; Secure", "http://site.test/", "a=2; Domain=site.test", False),
        ("https://a.site.test/", "a=1; Secure", "http://b.site.test/", "a=2", True),  # siblings
        ("https://a.site.test/", "a=1; Secure", "http://other.test/", "a=2", True),
    ],
)
def test_secure_overlay_domain_rule(
    jar: CookieJar, secure_url: str, secure_line: str, plain_url: str, plain_line: str, allowed: bool
) -> None:
    assert jar.set_from_http(secure_url, secure_line).stored
    assert jar.set_from_http(plain_url, plain_line).stored is allowed


def test_non_secure_origin_cannot_delete_secure_cookie(jar: CookieJar) -> None:
    jar.set_from_http(HTTPS, "a=1; Secure")
    assert not jar.set_from_http(HTTP, "a=; Max-Age=0").stored
    assert jar.cookie_header(HTTPS) == "a=1"


def test_secure_origin_can_replace_secure_with_non_secure(jar: CookieJar) -> None:
    jar.set_from_http(HTTPS, "a=1; Secure")
    assert jar.set_from_http(HTTPS, "a=2").stored
    assert jar.cookie_header(HTTP) == "a=2"


def test_non_secure_script_cannot_overlay_secure_cookie(jar: CookieJar) -> None:
    jar.set_from_http(HTTPS, "a=1; Secure")
    assert not jar.set_from_script(HTTP, "a=2").stored


def test_httponly_hidden_from_document_cookie(jar: CookieJar) -> None:
    jar.set_from_http(HTTPS, "h=1; HttpOnly")
    jar.set_from_http(HTTPS, "v=2")
    assert jar.cookie_header(HTTPS) == "h=1; v=2"
    assert jar.document_cookie(HTTPS) == "v=2"
    assert jar.cookies()[0].http_only is True


def test_httponly_from_script_ignored(jar: CookieJar) -> None:
    result = jar.set_from_script(HTTPS, "h=1; HttpOnly")
    assert not result.stored and "HttpOnly" in result.reason


@pytest.mark.parametrize(("line", "stored"), [("h=2", False), ("h=; Max-Age=0", False), ("h=2; Path=/x", True)])
def test_script_cannot_overwrite_httponly(jar: CookieJar, line: str, stored: bool) -> None:
    jar.set_from_http(HTTPS, "h=1; HttpOnly; Path=/")
    assert jar.set_from_script("https://www.site.test/page", line).stored is stored
    assert "h=1" in (jar.cookie_header(HTTPS) or "")


def test_http_can_overwrite_httponly_with_plain(jar: CookieJar) -> None:
    jar.set_from_http(HTTPS, "h=1; HttpOnly")
    jar.set_from_http(HTTPS, "h=2")
    assert jar.document_cookie(HTTPS) == "h=2"


def test_script_sets_and_reads_cookie(jar: CookieJar) -> None:
    assert jar.set_from_script("https://www.site.test/a/page", "s=1").stored
    assert jar.cookies()[0].path == "/a"  # default-path of the document URL
    assert jar.document_cookie("https://www.site.test/a/other") == "s=1"
    assert jar.cookie_header("https://www.site.test/a/x") == "s=1"
    assert jar.document_cookie("https://www.site.test/") == ""


@pytest.mark.parametrize("line", ["a=b\x00", "a=b\nc=d", "", "=", " ; Path=/"])
def test_script_invalid_strings_ignored(jar: CookieJar, line: str) -> None:
    assert not jar.set_from_script(HTTPS, line).stored
    assert jar.cookies() == []
