"""The reference aiohttp application: byte-exact Set-Cookie responses, a Cookie echo, and a page at any path.

Every request is answered on any path, so a case can set cookies from ``/account/login`` and read
``document.cookie`` at ``/account/x``. The query string selects the behaviour (the query never affects
cookie semantics; default-path and path-match use the path only):

* ``?set=TOKEN``   answer with the raw Set-Cookie lines registered under TOKEN, byte for byte;
* ``?sc=LINE``     (repeatable) answer with the percent-decoded LINE as a raw Set-Cookie line (ad hoc use);
* ``?echo=TOKEN``  record the Cookie header exactly as received (bytes) under TOKEN and return it as text/plain;
* ``?go=URL``      (optionally with set/sc) answer 302 to URL;
* anything else    a small HTML page, so ``document.cookie`` can be read at that URL.

Requests for a host that is not in the run's host list are refused with 421.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from aiohttp import web

PAGE = b"<!doctype html><html><head><meta charset=utf-8><title>cookie page</title></head><body>page</body></html>"


@dataclass(frozen=True)
class EchoRecord:
    """What the server received on one echo request."""

    cookie: bytes | None  # the raw Cookie header value(s), joined by "; " if the client sent several; None if absent
    host: str
    path: str
    scheme: str
    method: str


class Registry:
    """Set-Cookie lines to serve and Cookie headers received, shared between the runner and the app (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lines: dict[str, list[bytes]] = {}
        self._echo: dict[str, list[EchoRecord]] = {}

    def register(self, token: str, lines: Iterable[str | bytes]) -> None:
        encoded = [line.encode("utf-8") if isinstance(line, str) else line for line in lines]
        for line in encoded:
            if b"\r" in line or b"\n" in line:
                raise ValueError(f"Set-Cookie line for {token!r} contains CR or LF: {line!r}")
        with self._lock:
            self._lines[token] = encoded

    def lines(self, token: str) -> list[bytes] | None:
        with self._lock:
            return self._lines.get(token)

    def record(self, token: str, rec: EchoRecord) -> None:
        with self._lock:
            self._echo.setdefault(token, []).append(rec)

    def echoes(self, token: str) -> list[EchoRecord]:
        with self._lock:
            return list(self._echo.get(token, []))

    def forget(self, prefix: str) -> None:
        with self._lock:
            for d in (self._lines, self._echo):
                for key in [k for k in d if k.startswith(prefix)]:
                    del d[key]


class RawSetCookieResponse(web.Response):
    """A response whose Set-Cookie lines are written as given bytes.

    aiohttp refuses control characters in header values and encodes ``str`` headers itself; a conformance
    suite must send exactly the bytes of the case (control characters included), so the serialised header
    block is extended with the raw lines just before it is sent.
    """

    def __init__(self, raw_lines: list[bytes], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._raw_lines = raw_lines

    async def _write_headers(self) -> None:
        request = self._req
        writer = self._payload_writer
        assert request is not None and writer is not None
        version = request.version
        status_line = f"HTTP/{version[0]}.{version[1]} {self.status} {self.reason}"
        await writer.write_headers(status_line, self._headers)
        head: bytes = writer._headers_buf  # type: ignore[attr-defined]
        assert head.endswith(b"\r\n\r\n")
        extra = b"".join(b"Set-Cookie: " + line + b"\r\n" for line in self._raw_lines)
        writer._headers_buf = head[:-2] + extra + b"\r\n"  # type: ignore[attr-defined]
        if self._send_headers_immediately:  # type: ignore[attr-defined]
            writer.send_headers()


def _raw_cookie(request: web.Request) -> bytes | None:
    values = [v for k, v in request.raw_headers if k.lower() == b"cookie"]
    if not values:
        return None
    return b"; ".join(values)


def _host_name(request: web.Request) -> str:
    host = request.headers.get("Host", "")
    if host.startswith("["):
        return host[1 : host.index("]")].lower()
    return host.rsplit(":", 1)[0].lower() if ":" in host else host.lower()


def make_app(registry: Registry, allowed_hosts: frozenset[str], scheme: str) -> web.Application:
    """The application for one listener (``scheme`` is "http" or "https")."""

    async def handle(request: web.Request) -> web.StreamResponse:
        host = _host_name(request)
        if allowed_hosts and host not in allowed_hosts:
            return web.Response(status=421, text=f"host {host!r} is not served by this run\n")
        query = request.rel_url.query
        if "echo" in query:
            cookie = _raw_cookie(request)
            registry.record(
                query["echo"],
                EchoRecord(cookie=cookie, host=host, path=request.path, scheme=scheme, method=request.method),
            )
            return web.Response(
                body=cookie or b"",
                content_type="text/plain",
                charset="utf-8",
                headers={"X-Cookie-Present": "1" if cookie is not None else "0", "Cache-Control": "no-store",
                         "Access-Control-Allow-Origin": request.headers.get("Origin", "*"),
                         "Access-Control-Allow-Credentials": "true"},
            )
        lines: list[bytes] = []
        if "set" in query:
            found = registry.lines(query["set"])
            if found is None:
                return web.Response(status=404, text=f"unknown set token {query['set']!r}\n")
            lines.extend(found)
        raw_query = request.rel_url.raw_query_string
        for part in raw_query.split("&"):
            if part.startswith("sc="):
                lines.append(unquote_to_bytes(part[3:].replace("+", " ")))
        headers = {"Cache-Control": "no-store"}
        if "go" in query:
            headers["Location"] = query["go"]
            return RawSetCookieResponse(lines, status=302, headers=headers)
        return RawSetCookieResponse(lines, body=PAGE, content_type="text/html", charset="utf-8", headers=headers)

    app = web.Application(handler_args={"max_line_size": 65536, "max_field_size": 65536})
    app.router.add_route("*", "/{tail:.*}", handle)
    return app
