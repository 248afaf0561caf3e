"""Parsing a Set-Cookie line into a cookie-name, cookie-value and cookie-attribute-list, per
draft-ietf-httpbis-rfc6265bis-22 #set-cookie ("The Set-Cookie Header Field") and its attribute subsections
(Expires, Max-Age, Domain, Path, Secure, HttpOnly, SameSite)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .dates import parse_cookie_date
from .paths import default_path
from .policy import DEFAULT_POLICY, Policy
from .urls import parse_url

WSP = " \t"
DIGITS = "0123456789"
DAY_SECONDS = 86400
# "the earliest representable date and time": 1601-01-01T00:00:00Z, the earliest a cookie-date can express.
EARLIEST = -11644473600.0


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(s: str) -> str:
    """Lower-case A-Z only: "case-insensitive" in the draft is i;ascii-casemap (no Unicode folding)."""
    return s.translate(_ASCII_LOWER)


def has_forbidden_control(s: str) -> bool:
    """Contains a %x00-08 / %x0A-1F / %x7F character (CTL characters excluding HTAB)."""
    return any(ord(c) <= 0x08 or 0x0A <= ord(c) <= 0x1F or ord(c) == 0x7F for c in s)


def octets(s: str) -> int:
    """Length in octets on the wire (UTF-8)."""
    return len(s.encode("utf-8", "surrogatepass"))


@dataclass(frozen=True)
class Attribute:
    """One entry of the cookie-attribute-list. Expires and Max-Age carry the computed expiry-time (epoch
    seconds, float); Secure and HttpOnly carry ""; Domain, Path and SameSite carry the processed string."""

    name: str
    value: str | float


@dataclass(frozen=True)
class ParsedCookie:
    """A received cookie: cookie-name, cookie-value, cookie-attribute-list (in order), plus notes on every
    cookie-av that was ignored and why (for reports; not part of the draft's model)."""

    name: str
    value: str
    attributes: tuple[Attribute, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)

    def has(self, name: str) -> bool:
        return any(a.name == name for a in self.attributes)

    def last(self, name: str) -> Attribute | None:
        """The last attribute with this attribute-name (the draft's "last attribute ... with ...")."""
        for a in reversed(self.attributes):
            if a.name == name:
                return a
        return None


@dataclass(frozen=True)
class ParseOutcome:
    cookie: ParsedCookie | None
    reason: str


def _expires(value: str, now: float, policy: Policy) -> float | None:
    """The Expires attribute: cookie-date, capped at now + cookie-age-limit. None = ignore the cookie-av."""
    parsed = parse_cookie_date(value)
    if parsed is None:
        return None
    expiry = parsed.timestamp()
    return min(expiry, now + policy.max_age_cap_days * DAY_SECONDS)


def _max_age(value: str, now: float, policy: Policy) -> float | None:
    """The Max-Age attribute. None = ignore the cookie-av."""
    # First character must be a DIGIT, or "-" followed by a DIGIT; the remainder must be all DIGITs.
    digits = value[1:] if value.startswith("-") else value
    if not digits or any(c not in DIGITS for c in digits):
        return None
    delta = min(int(value), policy.max_age_cap_days * DAY_SECONDS)
    # delta-seconds <= 0 -> the earliest representable date and time.
    return EARLIEST if delta <= 0 else now + delta


def _same_site(value: str) -> str:
    """The SameSite attribute: enforcement "None"/"Strict"/"Lax" (case-insensitive), else "Default"."""
    for enforcement in ("None", "Strict", "Lax"):
        if ascii_lower(value) == enforcement.lower():
            return enforcement
    return "Default"


def parse_set_cookie_outcome(
    line: str, url: str | None = None, *, now: float | None = None, policy: Policy = DEFAULT_POLICY
) -> ParseOutcome:
    """Parse ``line`` as received from ``url`` (its path gives the default-path) at time ``now``."""
    now = time.time() if now is None else now
    # Step 1: CTL characters other than HTAB anywhere -> ignore the whole set-cookie-string.
    if has_forbidden_control(line):
        return ParseOutcome(None, "ignored: control character in the Set-Cookie line")
    # Step 2: the name-value-pair is everything up to the first ";".
    name_value, sep, unparsed = line.partition(";")
    # Step 3: no "=" -> empty name, the whole pair is the value.
    if "=" in name_value:
        name, _, value = name_value.partition("=")
    else:
        name, value = "", name_value
    # Step 4: trim WSP.
    name, value = name.strip(WSP), value.strip(WSP)
    # Step 5: name + value over 4096 octets -> ignore.
    if octets(name) + octets(value) > policy.max_name_value_bytes:
        return ParseOutcome(None, f"ignored: name and value exceed {policy.max_name_value_bytes} octets")

    uri_path = parse_url(url).path if url is not None else ""
    attributes: list[Attribute] = []
    notes: list[str] = []
    if sep:
        for cookie_av in unparsed.split(";"):
            attr_name, _, attr_value = cookie_av.partition("=")
            attr_name, attr_value = attr_name.strip(WSP), attr_value.strip(WSP)
            if octets(attr_value) > policy.max_attribute_value_bytes:
                notes.append(f"{attr_name} ignored: value exceeds {policy.max_attribute_value_bytes} octets")
                continue
            key = ascii_lower(attr_name)
            if key == "expires":
                expiry = _expires(attr_value, now, policy)
                if expiry is None:
                    notes.append(f"Expires ignored: {attr_value!r} is not a cookie-date")
                else:
                    attributes.append(Attribute("Expires", expiry))
            elif key == "max-age":
                expiry = _max_age(attr_value, now, policy)
                if expiry is None:
                    notes.append(f"Max-Age ignored: {attr_value!r} is not an integer")
                else:
                    attributes.append(Attribute("Max-Age", expiry))
            elif key == "domain":
                # Strip one leading ".", convert to lower case. ("Domain=." becomes "", i.e. host-only.)
                domain = attr_value[1:] if attr_value.startswith(".") else attr_value
                attributes.append(Attribute("Domain", ascii_lower(domain)))
            elif key == "path":
                path = attr_value if attr_value.startswith("/") else default_path(uri_path)
                attributes.append(Attribute("Path", path))
            elif key == "secure":
                attributes.append(Attribute("Secure", ""))
            elif key == "httponly":
                attributes.append(Attribute("HttpOnly", ""))
            elif key == "samesite":
                attributes.append(Attribute("SameSite", _same_site(attr_value)))
            elif attr_name:
                notes.append(f"{attr_name} ignored: unknown attribute")
    return ParseOutcome(ParsedCookie(name, value, tuple(attributes), tuple(notes)), "parsed")


def parse_set_cookie(
    line: str, url: str | None = None, *, now: float | None = None, policy: Policy = DEFAULT_POLICY
) -> ParsedCookie | None:
    """Parse a Set-Cookie field value; None when the draft ignores the line entirely."""
    return parse_set_cookie_outcome(line, url, now=now, policy=policy).cookie
