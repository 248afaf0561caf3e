"""Storage-model and retrieval steps that the parser already shields from a jar, tested directly
(#storage-model steps 2-4, #retrieval-algorithm's public-suffix condition)."""

from __future__ import annotations

import pytest

from conformance.model import Policy, StoredCookie
from conformance.model.parse import ParsedCookie
from conformance.model.retrieval import Retrieval, matches
from conformance.model.storage import Context, CookieStore, receive_cookie
from conformance.model.urls import parse_url

NOW = 1_800_000_000.0
CTX = Context(http=True, same_site=True, top_level_navigation=True)


@pytest.mark.parametrize(
    ("name", "value", "stored", "reason_part"),
    [
        ("a", "b", True, "stored"),
        ("", "", False, "empty name and empty value"),
        ("a\x00", "b", False, "control character"),
        ("a", "b\x7f", False, "control character"),
        ("a", "b\tc", True, "stored"),
        ("n" * 4000, "v" * 96, True, "stored"),
        ("n" * 4000, "v" * 97, False, "4096"),
    ],
)
def test_receive_cookie_checks_name_and_value(name: str, value: str, stored: bool, reason_part: str) -> None:
    store = CookieStore()
    result = receive_cookie(store, ParsedCookie(name, value), parse_url("https://h.test/"), CTX, NOW, Policy())
    assert result.stored is stored and reason_part in result.reason
    assert len(store.all()) == int(stored)


def _cookie(domain: str, host_only: bool) -> StoredCookie:
    return StoredCookie(name="a", value="1", domain=domain, path="/", expiry=None, creation_time=NOW,
                        last_access_time=NOW, host_only=host_only, secure_only=False, http_only=False,
                        same_site="Default", persistent=False)


@pytest.mark.parametrize(("reject", "included"), [(True, False), (False, True)])
def test_retrieval_skips_public_suffix_domain_cookies(reject: bool, included: bool) -> None:
    r = Retrieval(parse_url("https://www.site.test/"), same_site=True, http=True)
    assert matches(_cookie("test", False), r, NOW, Policy(reject_public_suffixes=reject)) is included


@pytest.mark.parametrize(
    ("url", "included"), [("https://www.site.test/", True), ("https://site.test/", False),
                          ("https://WWW.SITE.TEST/", True)]
)
def test_host_only_needs_identical_host(url: str, included: bool) -> None:
    r = Retrieval(parse_url(url), same_site=True, http=True)
    assert matches(_cookie("www.site.test", True), r, NOW, Policy()) is included
