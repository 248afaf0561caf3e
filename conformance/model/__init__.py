"""Executable model (oracle) of draft-ietf-httpbis-rfc6265bis-22, "Cookies: HTTP State Management Mechanism".

Pure Python (stdlib + publicsuffixlist). Public API::

    from conformance.model import (CookieJar, Policy, StoreResult, StoredCookie, parse_set_cookie,
                                   parse_cookie_date, DRAFT)
"""

from .cookie import StoredCookie, StoreResult
from .dates import parse_cookie_date
from .draft import DRAFT
from .jar import CookieJar
from .parse import Attribute, ParsedCookie, parse_set_cookie
from .policy import Policy

__all__ = [
    "DRAFT",
    "Attribute",
    "CookieJar",
    "ParsedCookie",
    "Policy",
    "StoreResult",
    "StoredCookie",
    "parse_cookie_date",
    "parse_set_cookie",
]
