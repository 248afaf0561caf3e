"""Records of draft-ietf-httpbis-rfc6265bis-22's storage model (#storage-model): a stored cookie's fields,
and the outcome of receiving one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StoredCookie:
    """A cookie in the store. ``expiry`` is epoch seconds, or None for a non-persistent (session) cookie
    (whose expiry-time is "the latest representable date"). ``same_site`` is "Strict", "Lax", "None" or
    "Default". ``creation_index`` orders cookies created at the same clock reading (creation order)."""

    name: str
    value: str
    domain: str
    path: str
    expiry: float | None
    creation_time: float
    last_access_time: float
    host_only: bool
    secure_only: bool
    http_only: bool
    same_site: str
    persistent: bool
    creation_index: int = 0

    def key(self) -> tuple[str, str, bool, str]:
        """Identity in the store: same name, domain, host-only-flag and path (#storage-model step 23)."""
        return (self.name, self.domain, self.host_only, self.path)

    def expired(self, now: float) -> bool:
        """"expired": the cookie has an expiry date in the past."""
        return self.expiry is not None and self.expiry < now


@dataclass(frozen=True)
class StoreResult:
    """Outcome of receiving one cookie. ``stored`` is True when the store changed because of it: the cookie
    was inserted, or (already expired) it removed the cookie it replaced ("deleted by expiry")."""

    stored: bool
    reason: str
