"""default-path and path-match of draft-ietf-httpbis-rfc6265bis-22 (#cookie-path, "Paths and Path-Match")."""

from __future__ import annotations


def default_path(uri_path: str) -> str:
    """The default-path of a request-uri whose path is ``uri_path`` (empty when the URI has no path)."""
    # Step 2: empty, or not starting with "/" -> "/".
    if not uri_path or not uri_path.startswith("/"):
        return "/"
    # Step 3: no more than one "/" -> "/".
    if uri_path.count("/") <= 1:
        return "/"
    # Step 4: up to, but not including, the right-most "/".
    return uri_path[: uri_path.rindex("/")]


def path_match(request_path: str, cookie_path: str) -> bool:
    """``request_path`` path-matches ``cookie_path``: identical, or a prefix ending at a "/" boundary."""
    if request_path == cookie_path:
        return True
    if request_path.startswith(cookie_path):
        if cookie_path.endswith("/"):
            return True
        if request_path[len(cookie_path)] == "/":
            return True
    return False


def request_path(uri_path: str) -> str:
    """The path used for path-match at retrieval: the URI's path, "/" when it is empty."""
    return uri_path or "/"
