"""Secure connections and (schemeful) same-site for draft-ietf-httpbis-rfc6265bis-22 (#same-site-requests,
which defers to HTML's "same site": same scheme and same registrable domain, or same host without one)."""

from __future__ import annotations

import ipaddress

from .domains import registrable_domain
from .policy import Policy
from .urls import RequestURI, parse_url


def is_localhost(host: str) -> bool:
    """localhost, *.localhost, 127.0.0.0/8 or ::1 (potentially trustworthy per Secure Contexts)."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return ipaddress.ip_address(bare).is_loopback
    except ValueError:
        return False


def is_secure(uri: RequestURI, policy: Policy) -> bool:
    """The URI denotes a "secure" connection (as defined by the user agent, i.e. by ``policy``)."""
    if uri.scheme in policy.secure_schemes:
        return True
    return policy.localhost_is_secure and uri.host is not None and is_localhost(uri.host)


def _schemelessly_same_site(host_a: str, host_b: str) -> bool:
    site_a = registrable_domain(host_a)
    if site_a is not None:
        return site_a == registrable_domain(host_b)
    return host_a == host_b


def same_site(a: RequestURI, b: RequestURI) -> bool:
    """Origins of ``a`` and ``b`` are same-site: same scheme and schemelessly same site."""
    if a.host is None or b.host is None:
        return False
    return a.scheme == b.scheme and _schemelessly_same_site(a.host, b.host)


def same_site_urls(url: str, site_for_cookies: str | None) -> bool:
    """Is ``url`` same-site with ``site_for_cookies`` (None means there is no cross-site context)."""
    if site_for_cookies is None:
        return True
    return same_site(parse_url(url), parse_url(site_for_cookies))
