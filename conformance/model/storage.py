"""The storage model of draft-ietf-httpbis-rfc6265bis-22 (#storage-model): the cookie store and the steps a
user agent takes when it "receives a cookie". Step numbers below are those of -22's #storage-model."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .cookie import StoredCookie, StoreResult
from .domains import domain_match, is_public_suffix
from .parse import ParsedCookie, ascii_lower, has_forbidden_control, octets
from .paths import default_path, path_match
from .policy import Policy
from .sites import is_secure
from .urls import RequestURI, is_ip_address


@dataclass(frozen=True)
class Context:
    """Where a cookie came from. ``http``: received in a Set-Cookie header (False: a "non-HTTP" API such as
    document.cookie). ``same_site``: the request (or, for a non-HTTP API, the document's "site for cookies")
    is same-site with the top-level origin. ``top_level_navigation``: the request navigates a top-level
    traversable."""

    http: bool
    same_site: bool
    top_level_navigation: bool


class CookieStore:
    """The cookie store: a list of StoredCookie, at most one per (name, domain, host-only-flag, path)."""

    def __init__(self) -> None:
        self._cookies: list[StoredCookie] = []
        self._next_index = 0

    def all(self) -> list[StoredCookie]:
        return list(self._cookies)

    def evict_expired(self, now: float) -> None:
        """"The user agent MUST evict all expired cookies ... if, at any time, an expired cookie exists"."""
        self._cookies = [c for c in self._cookies if not c.expired(now)]

    def end_session(self) -> None:
        """"the current session is over": remove every cookie whose persistent-flag is false."""
        self._cookies = [c for c in self._cookies if c.persistent]

    def find(self, key: tuple[str, str, bool, str]) -> StoredCookie | None:
        return next((c for c in self._cookies if c.key() == key), None)

    def remove(self, cookie: StoredCookie) -> None:
        self._cookies.remove(cookie)

    def insert(self, cookie: StoredCookie) -> None:
        self._cookies.append(cookie)

    def new_index(self) -> int:
        self._next_index += 1
        return self._next_index

    def replace_all(self, cookies: list[StoredCookie]) -> None:
        self._cookies = list(cookies)


def _has_prefix(s: str, prefix: str) -> bool:
    """Begins with a case-insensitive match for ``prefix``."""
    return ascii_lower(s[: len(prefix)]) == ascii_lower(prefix)


def _ignored(reason: str) -> StoreResult:
    return StoreResult(False, "ignored: " + reason)


def receive_cookie(
    store: CookieStore, parsed: ParsedCookie, uri: RequestURI, ctx: Context, now: float, policy: Policy
) -> StoreResult:
    """Run the storage model for ``parsed`` received from ``uri``; mutate ``store``; say what happened."""
    name, value = parsed.name, parsed.value
    # Step 2: empty name and empty value.
    if not name and not value:
        return _ignored("empty name and empty value")
    # Step 3: CTL characters (excluding HTAB) in name or value.
    if has_forbidden_control(name) or has_forbidden_control(value):
        return _ignored("control character in name or value")
    # Step 4: name + value over 4096 octets.
    if octets(name) + octets(value) > policy.max_name_value_bytes:
        return _ignored(f"name and value exceed {policy.max_name_value_bytes} octets")

    # Step 6: Max-Age wins over Expires, whatever their order; otherwise a session cookie.
    expiry_attr = parsed.last("Max-Age") or parsed.last("Expires")
    persistent = expiry_attr is not None
    expiry = float(expiry_attr.value) if expiry_attr is not None else None

    # Step 7: the last Domain attribute (values over 1024 octets never reached the list).
    domain_attr = parsed.last("Domain")
    domain_attribute = str(domain_attr.value) if domain_attr is not None else ""
    # Step 8: a domain-attribute outside CHAR (US-ASCII).
    if not domain_attribute.isascii():
        return _ignored("Domain attribute contains a non-ASCII character")
    host = uri.host
    if host is None:
        return _ignored("request host cannot be canonicalized")
    # Step 9: a public suffix is allowed only when it is the request host itself (then host-only).
    if policy.reject_public_suffixes and is_public_suffix(domain_attribute):
        if domain_attribute == host:
            domain_attribute = ""
        else:
            return _ignored("Domain attribute is a public suffix")
    # Step 10: host-only-flag and domain.
    if domain_attribute:
        if not domain_match(host, domain_attribute):
            reason = "Domain attribute not a domain-match of the request host"
            if is_ip_address(host):
                reason += " (an IP address host only matches itself)"
            return _ignored(reason)
        host_only, domain = False, domain_attribute
    else:
        host_only, domain = True, host
    # Step 11: the last Path attribute, else the default-path.
    path_attr = parsed.last("Path")
    path = str(path_attr.value) if path_attr is not None else default_path(uri.path)
    # Step 12-13: Secure only from a secure connection.
    secure_only = parsed.has("Secure")
    secure_origin = is_secure(uri, policy)
    if secure_only and not secure_origin:
        return _ignored("Secure attribute from a non-secure origin")
    # Step 14-15: HttpOnly cannot come from a non-HTTP API.
    http_only = parsed.has("HttpOnly")
    if http_only and not ctx.http:
        return _ignored("HttpOnly cookie from a non-HTTP API")
    # Step 16: a non-secure origin may not overlay a Secure cookie of the same name.
    if not secure_only and not secure_origin:
        for old in store.all():
            if (
                old.name == name
                and old.secure_only
                and (domain_match(old.domain, domain) or domain_match(domain, old.domain))
                and path_match(path, old.path)
            ):
                return _ignored("would overlay a Secure cookie from a non-secure origin")
    # Step 17: same-site-flag from the last SameSite attribute, else "Default".
    same_site_attr = parsed.last("SameSite")
    same_site = str(same_site_attr.value) if same_site_attr is not None else "Default"
    # Step 18: cookies other than SameSite=None need a same-site context or a top-level navigation.
    # Policy.lax_by_default=False treats "Default" like "None" here.
    enforced = same_site != "None" and not (same_site == "Default" and not policy.lax_by_default)
    if enforced:
        if not ctx.http:
            # 18.1: a non-HTTP API called from a document whose site for cookies is cross-site.
            # (A same-site non-HTTP call continues: 18.2-18.4 speak of requests.)
            if not ctx.same_site:
                return _ignored(f"SameSite={same_site} cookie set from a cross-site document")
        elif not ctx.same_site and not ctx.top_level_navigation:
            # 18.2 same-site request: continue; 18.3 top-level navigation: continue; 18.4 otherwise abort.
            return _ignored(f"SameSite={same_site} cookie from a cross-site request that is not a top-level "
                            "navigation")
    # Step 19: SameSite=None requires Secure.
    if same_site == "None" and not secure_only:
        return _ignored("SameSite=None without Secure")
    # Step 20: __Secure- prefix (case-insensitive) requires Secure.
    if _has_prefix(name, "__Secure-") and not secure_only:
        return _ignored("__Secure- prefix without Secure")
    # Step 21: __Host- prefix requires Secure, host-only, and a Path attribute whose result is "/".
    if _has_prefix(name, "__Host-"):
        if not secure_only:
            return _ignored("__Host- prefix without Secure")
        if not host_only:
            return _ignored("__Host- prefix with a Domain attribute")
        if not parsed.has("Path") or path != "/":
            return _ignored("__Host- prefix without Path=/")
    # Step 22: a nameless cookie may not smuggle a prefix in its value.
    if not name and (_has_prefix(value, "__Secure-") or _has_prefix(value, "__Host-")):
        return _ignored("nameless cookie whose value starts with a cookie prefix")

    cookie = StoredCookie(
        name=name, value=value, domain=domain, path=path, expiry=expiry, creation_time=now,
        last_access_time=now, host_only=host_only, secure_only=secure_only, http_only=http_only,
        same_site=same_site, persistent=persistent, creation_index=0,
    )
    # Step 23: replace the cookie with the same name, domain, host-only-flag and path, keeping its
    # creation-time -- unless a non-HTTP API would replace an HttpOnly cookie.
    old = store.find(cookie.key())
    if old is not None:
        if not ctx.http and old.http_only:
            return _ignored("non-HTTP API cannot overwrite an HttpOnly cookie")
        cookie = replace(cookie, creation_time=old.creation_time, creation_index=old.creation_index)
        store.remove(old)
    else:
        cookie = replace(cookie, creation_index=store.new_index())
    # Step 24: insert. An expired cookie is evicted at once ("MUST evict all expired cookies").
    if cookie.expired(now):
        if old is not None:
            return StoreResult(True, "deleted by expiry")
        return StoreResult(False, "not stored: already expired (no cookie to delete)")
    store.insert(cookie)
    return StoreResult(True, "stored" if old is None else "stored: replaced existing cookie")
