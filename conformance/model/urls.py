"""Request URIs as the cookie algorithms of draft-ietf-httpbis-rfc6265bis-22 see them: scheme, canonicalized
host (#canonicalized-host-names, "Canonicalized Host Names"), and path."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class RequestURI:
    """A parsed absolute URL. ``host`` is the canonicalized host, or None if it fails to canonicalize."""

    url: str
    scheme: str
    raw_host: str
    host: str | None
    path: str


def canonicalize_host(host: str) -> str | None:
    """Canonicalized host name: lower case, U-labels converted to A-labels; None on failure.

    IP literals are returned as is (IPv6 in brackets, as a URL serialises it). Non-ASCII labels go through the
    IDNA ToASCII conversion (the draft allows IDNA2003 where IDNA2008 is not implemented, #idna-migration); a
    label that cannot be converted, or an "xn--" label that does not decode (a Fake A-label), fails.
    """
    if not host:
        return None
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if ":" in bare:
        try:
            return "[" + ipaddress.IPv6Address(bare).compressed + "]"
        except ValueError:
            return None
    labels = bare.split(".")
    out: list[str] = []
    for i, label in enumerate(labels):
        if label == "":
            if i == len(labels) - 1 and i > 0:  # a trailing dot is kept: "example.com." is its own host
                out.append("")
                continue
            return None
        if label.isascii():
            label = label.lower()
            if label.startswith("xn--"):
                try:
                    label.encode("ascii").decode("idna")
                except UnicodeError:
                    return None
            out.append(label)
        else:
            try:
                out.append(label.encode("idna").decode("ascii").lower())
            except UnicodeError:
                return None
    return ".".join(out)


def parse_url(url: str) -> RequestURI:
    """Split an absolute URL; raise ValueError when it has no scheme or no host."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        raise ValueError(f"not an absolute URL with a host: {url!r}")
    netloc = parts.netloc.rpartition("@")[2]
    if netloc.startswith("["):
        raw_host = netloc[: netloc.find("]") + 1]
    else:
        raw_host = netloc.rpartition(":")[0] if ":" in netloc else netloc
    if not raw_host:
        raise ValueError(f"not an absolute URL with a host: {url!r}")
    return RequestURI(url, parts.scheme.lower(), raw_host, canonicalize_host(raw_host), parts.path)


def is_ip_address(host: str) -> bool:
    """True for an IPv4 or (bracketed or bare) IPv6 literal."""
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        ipaddress.ip_address(bare)
    except ValueError:
        return False
    return True
