"""The retrieval algorithm of draft-ietf-httpbis-rfc6265bis-22 (#retrieval-algorithm): which stored cookies a
retrieval (a Cookie header, #cookie, or a non-HTTP API such as document.cookie, #non-http) includes, their
order, and the cookie-string."""

from __future__ import annotations

from dataclasses import dataclass

from .cookie import StoredCookie
from .domains import domain_match, is_public_suffix
from .paths import path_match, request_path
from .policy import Policy
from .sites import is_secure
from .urls import RequestURI

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@dataclass(frozen=True)
class Retrieval:
    """A retrieval's URI, same-site status and type, plus the request facts SameSite needs."""

    uri: RequestURI
    same_site: bool
    http: bool
    method: str = "GET"
    top_level_navigation: bool = True


def _same_site_allows(cookie: StoredCookie, r: Retrieval, now: float, policy: Policy) -> bool:
    flag = cookie.same_site
    if flag == "Default" and not policy.lax_by_default:
        flag = "None"
    if flag == "None" or r.same_site:
        return True
    # Cross-site: include only an HTTP retrieval of a Lax/Default cookie, with a safe method, that navigates
    # a top-level traversable. #lax-allowing-unsafe may waive the safe method for young "Default" cookies.
    safe = r.method.upper() in SAFE_METHODS
    if (
        not safe
        and cookie.same_site == "Default"
        and policy.lax_allowing_unsafe_seconds is not None
        and now - cookie.creation_time <= policy.lax_allowing_unsafe_seconds
    ):
        safe = True
    return r.http and flag in ("Lax", "Default") and safe and r.top_level_navigation


def matches(cookie: StoredCookie, r: Retrieval, now: float, policy: Policy) -> bool:
    """Step 3 of the retrieval algorithm: does ``cookie`` belong in the cookie-list?"""
    host = r.uri.host
    if host is None:
        return False
    if cookie.host_only:
        if host != cookie.domain:
            return False
    elif not domain_match(host, cookie.domain) or (
        policy.reject_public_suffixes and is_public_suffix(cookie.domain)
    ):
        return False
    if not path_match(request_path(r.uri.path), cookie.path):
        return False
    if cookie.secure_only and not is_secure(r.uri, policy):
        return False
    if cookie.http_only and not r.http:
        return False
    return _same_site_allows(cookie, r, now, policy)


def sort_key(cookie: StoredCookie) -> tuple[int, float, int]:
    """Longer paths first; equal lengths by earlier creation-time (then creation order)."""
    return (-len(cookie.path.encode("utf-8", "surrogatepass")), cookie.creation_time, cookie.creation_index)


def select(cookies: list[StoredCookie], r: Retrieval, now: float, policy: Policy) -> list[StoredCookie]:
    """The sorted cookie-list for retrieval ``r``."""
    return sorted((c for c in cookies if matches(c, r, now, policy)), key=sort_key)


def serialize(cookie_list: list[StoredCookie]) -> str:
    """cookie-string: "name=value" ("value" alone for an empty name), joined with "; "."""
    return "; ".join(f"{c.name}={c.value}" if c.name else c.value for c in cookie_list)
