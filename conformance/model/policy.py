"""User-agent choices that draft-ietf-httpbis-rfc6265bis-22 leaves open, gathered in one frozen Policy.

Each field names the draft text that leaves the choice to the user agent.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Policy:
    """Every choice the draft leaves to the user agent, named."""

    # Absent (or unrecognised) SameSite gives same-site-flag "Default" (#storage-model step 17). The -22 text
    # itself treats "Default" like "Lax": #storage-model step 18 applies to every flag that is not "None", and
    # #retrieval-algorithm lets a cross-site retrieval include only "Lax" or "Default" cookies. True follows
    # that letter (Chromium ships it). False treats "Default" like "None", as Firefox and Safari ship and as the
    # successor draft (draft-ietf-httpbis-layered-cookies) makes optional; httpwg/http-extensions#2983 asks for
    # that in 6265bis and was not taken. The suite's expectations follow the draft's letter, so True; an engine
    # that ships "Default" as "None" records that as a known deviation.
    lax_by_default: bool = True
    # "secure" connection "(as defined by the user agent)" (#storage-model step 13, #retrieval-algorithm):
    # treat http://localhost, *.localhost, 127.0.0.0/8 and ::1 as secure (potentially trustworthy origins).
    localhost_is_secure: bool = True
    # #set-cookie step 5 / #storage-model step 4: name + value longer than 4096 octets are ignored.
    max_name_value_bytes: int = 4096
    # #set-cookie attribute step 6: a cookie-av whose value is longer than 1024 octets is ignored.
    max_attribute_value_bytes: int = 1024
    # Expires / Max-Age: "cookie-age-limit ... SHOULD be 400 days ... or less" (#cookie-policy allows lower).
    max_age_cap_days: int = 400
    # #storage-model step 9 and #retrieval-algorithm: "If the user agent is configured to reject public
    # suffixes". Every shipping browser does; False lets Domain=<public suffix> through.
    reject_public_suffixes: bool = True
    # Which URL schemes denote a "secure" connection "(as defined by the user agent)".
    secure_schemes: frozenset[str] = frozenset({"https", "wss"})
    # #lax-allowing-unsafe: a user agent MAY waive the safe-method condition for "Default" cookies (only when
    # they are treated as Lax) that are at most this many seconds old ("2 minutes or less" is suggested).
    # None = not applied.
    lax_allowing_unsafe_seconds: float | None = None
    # #storage-model step 1 ("MAY ignore a received cookie in its entirety") and #cookie ("MAY omit the Cookie
    # header field", e.g. for third-party requests, #third-party-cookies): when True, cross-site requests that
    # are not top-level navigations neither set nor send cookies, and document.cookie in a cross-site frame
    # is empty. Off by default: the draft does not require it.
    block_third_party_cookies: bool = False

    def describe(self) -> dict[str, object]:
        """Name -> value of every choice, JSON-friendly (sets become sorted lists), for reports."""
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = sorted(value) if isinstance(value, frozenset) else value
        return out


DEFAULT_POLICY = Policy()
