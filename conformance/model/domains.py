"""Domain matching and public suffixes for draft-ietf-httpbis-rfc6265bis-22 (#domain-matching, terminology:
"public suffix", "registrable domain"), using one lazily created ``publicsuffixlist.PublicSuffixList``."""

from __future__ import annotations

from publicsuffixlist import PublicSuffixList

from .urls import is_ip_address

_psl: PublicSuffixList | None = None


def psl() -> PublicSuffixList:
    """The module's PublicSuffixList, created on first use (unknown TLDs are public by the "*" rule)."""
    global _psl
    if _psl is None:
        _psl = PublicSuffixList()
    return _psl


def domain_match(string: str, domain_string: str) -> bool:
    """``string`` domain-matches ``domain_string`` (both already canonicalized to lower case)."""
    if string == domain_string:
        return True
    return (
        bool(domain_string)
        and string.endswith(domain_string)
        and string[-len(domain_string) - 1] == "."
        and not is_ip_address(string)
    )


def is_public_suffix(domain: str) -> bool:
    """True when ``domain`` is a public suffix ("com", "co.uk", "github.io", an unknown TLD such as "test").

    IP literals and the empty string are never public suffixes.
    """
    if not domain or is_ip_address(domain):
        return False
    return bool(psl().is_public(domain))


def registrable_domain(host: str) -> str | None:
    """The public suffix plus one label ("site.test" for "www.site.test"); None for IPs and public suffixes."""
    if not host or is_ip_address(host):
        return None
    return psl().privatesuffix(host)
