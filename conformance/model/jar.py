"""CookieJar: a user agent's cookie store driven through the three ways a page meets cookies -- Set-Cookie
responses, document.cookie writes, and retrievals (Cookie header, document.cookie reads) -- following
draft-ietf-httpbis-rfc6265bis-22. Time comes from an injectable clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from .cookie import StoredCookie, StoreResult
from .parse import parse_set_cookie_outcome
from .policy import DEFAULT_POLICY, Policy
from .retrieval import Retrieval, select, serialize
from .sites import same_site_urls
from .storage import Context, CookieStore, receive_cookie
from .urls import parse_url


class CookieJar:
    """The model user agent's cookie jar."""

    def __init__(self, policy: Policy = DEFAULT_POLICY, clock: Callable[[], float] = time.time) -> None:
        self.policy = policy
        self._clock = clock
        self._store = CookieStore()

    def _now(self) -> float:
        now = float(self._clock())
        self._store.evict_expired(now)
        return now

    def _receive(self, url: str, line: str, ctx: Context) -> StoreResult:
        uri = parse_url(url)
        now = self._now()
        if self.policy.block_third_party_cookies and not ctx.same_site and not ctx.top_level_navigation:
            return StoreResult(False, "ignored: third-party cookie blocked by policy")
        outcome = parse_set_cookie_outcome(line, url, now=now, policy=self.policy)
        if outcome.cookie is None:
            return StoreResult(False, outcome.reason)
        return receive_cookie(self._store, outcome.cookie, uri, ctx, now, self.policy)

    def set_from_http(
        self, url: str, line: str, *, site_for_cookies: str | None = None, top_level_navigation: bool = True
    ) -> StoreResult:
        """Receive ``line`` in a Set-Cookie header of the response to a request for ``url``.

        ``site_for_cookies``: URL of the top-level document whose site decides same-site (None: same-site).
        ``top_level_navigation``: the request navigates a top-level traversable.
        """
        ctx = Context(True, same_site_urls(url, site_for_cookies), top_level_navigation)
        return self._receive(url, line, ctx)

    def set_from_script(self, url: str, string: str, *, site_for_cookies: str | None = None) -> StoreResult:
        """``document.cookie = string`` in a page at ``url`` (a non-HTTP API). ``site_for_cookies``: URL of
        the top-level document, for a page in a frame (None: the page is top-level or same-site)."""
        same_site = same_site_urls(url, site_for_cookies)
        return self._receive(url, string, Context(False, same_site, site_for_cookies is None))

    def _retrieve(self, r: Retrieval) -> list[StoredCookie]:
        now = self._now()
        chosen = select(self._store.all(), r, now, self.policy)
        # Update the last-access-time of each retrieved cookie.
        ids = {c.key() for c in chosen}
        self._store.replace_all(
            [replace(c, last_access_time=now) if c.key() in ids else c for c in self._store.all()]
        )
        return chosen

    def cookie_header(
        self, url: str, *, site_for_cookies: str | None = None, method: str = "GET",
        top_level_navigation: bool = True, redirected_from: Sequence[str] = (),
    ) -> str | None:
        """The Cookie header value for a request to ``url``; None when no cookie is sent.

        ``redirected_from``: the earlier URLs of the request's URL list (it was redirected to ``url``); the
        request is same-site only if each of them is same-site with ``url`` too (#same-site-requests).
        """
        same_site = same_site_urls(url, site_for_cookies) and all(same_site_urls(url, hop) for hop in redirected_from)
        if self.policy.block_third_party_cookies and not same_site and not top_level_navigation:
            return None
        r = Retrieval(parse_url(url), same_site, True, method, top_level_navigation)
        chosen = self._retrieve(r)
        return serialize(chosen) if chosen else None

    def document_cookie(self, url: str, *, site_for_cookies: str | None = None) -> str:
        """What ``document.cookie`` returns in a page at ``url`` ("" when none)."""
        same_site = same_site_urls(url, site_for_cookies)
        if self.policy.block_third_party_cookies and not same_site:
            return ""
        r = Retrieval(parse_url(url), same_site, False, "GET", site_for_cookies is None)
        return serialize(self._retrieve(r))

    def end_session(self) -> None:
        """The browser closed: non-persistent cookies are removed."""
        self._now()
        self._store.end_session()

    def cookies(self) -> list[StoredCookie]:
        """All unexpired stored cookies, in creation order."""
        self._now()
        return sorted(self._store.all(), key=lambda c: (c.creation_time, c.creation_index))
