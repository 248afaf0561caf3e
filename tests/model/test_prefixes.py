"""Cookie name prefixes __Secure- and __Host- (#storage-model steps 20-22; case-insensitive in -22)."""

from __future__ import annotations

import pytest

from conformance.model import CookieJar

HTTPS = "https://www.site.test/"
HTTP = "http://www.site.test/"


@pytest.mark.parametrize(
    ("url", "line", "stored"),
    [
        (HTTPS, "__Secure-a=1; Secure", True),
        (HTTPS, "__Secure-a=1", False),
        (HTTPS, "__secure-a=1", False),  # case-insensitive match
        (HTTPS, "__SECURE-a=1; Secure", True),
        (HTTPS, "__Secure-a=1; Secure; Domain=site.test; Path=/x", True),
        (HTTP, "__Secure-a=1; Secure", False),  # Secure from a non-secure origin
        (HTTPS, "__Securea=1", True),  # no hyphen: not the prefix
        (HTTPS, " __Secure-a=1", False),  # leading WSP trimmed before the check
        (HTTPS, "__Host-a=1; Secure; Path=/", True),
        (HTTPS, "__Host-a=1; Secure", False),  # no Path attribute
        (HTTPS, "__Host-a=1; Path=/", False),
        (HTTPS, "__Host-a=1; Secure; Path=/; Domain=www.site.test", False),  # not host-only
        (HTTPS, "__Host-a=1; Secure; Path=/; Domain=site.test", False),
        (HTTPS, "__Host-a=1; Secure; Path=/a", False),
        (HTTPS, "__host-a=1; Secure; Path=/", True),
        (HTTPS, "__host-a=1; Path=/", False),
        (HTTPS, "__HOST-a=1; Secure; Path=/x", False),
        (HTTPS, "__Host-a=1; Secure; Path=/; Domain=", True),  # empty Domain: host-only
        (HTTPS, "__Host-a=1; Secure; Path=foo", True),  # Path present; its value falls back to "/"
        ("https://www.site.test/dir/page", "__Host-a=1; Secure; Path=foo", False),  # fallback is /dir
        (HTTP, "__Host-a=1; Secure; Path=/", False),
        ("http://localhost/", "__Host-a=1; Secure; Path=/", True),  # localhost is secure by policy
    ],
)
def test_name_prefixes(jar: CookieJar, url: str, line: str, stored: bool) -> None:
    assert jar.set_from_http(url, line).stored is stored


@pytest.mark.parametrize(
    ("line", "stored"),
    [
        ("__Secure-a", False),  # nameless: the value carries the prefix
        ("=__Host-a", False),
        ("=__secure-x; Secure", False),
        ("=__HOST-x; Secure; Path=/", False),
        ("=__Host", True),  # no hyphen
        ("x=__Secure-a", True),  # named cookie: the value does not matter
        ("=a__Host-", True),
    ],
)
def test_nameless_cookie_with_prefix_value(jar: CookieJar, line: str, stored: bool) -> None:
    assert jar.set_from_http(HTTPS, line).stored is stored


def test_prefixes_apply_to_script(jar: CookieJar) -> None:
    assert not jar.set_from_script(HTTPS, "__Host-a=1; Secure").stored
    assert jar.set_from_script(HTTPS, "__Host-a=1; Secure; Path=/").stored
    assert jar.document_cookie(HTTPS) == "__Host-a=1"
