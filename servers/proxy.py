"""A forward proxy that sends the run's host names to the reference listeners and refuses everything else.

Browsers are pointed at it for every request, so cases can use any host name (``www.site.test``,
``www.example.co.uk``, ``localhost:3000``) without DNS or /etc/hosts. ``CONNECT host:port`` is tunnelled to the
HTTPS listener, an absolute-form plain-HTTP request to the HTTP listener; a host outside the run's list gets
``403`` and no connection is ever made beyond loopback.
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit

MAX_HEAD = 256 * 1024


def split_host(authority: str) -> str:
    """``host`` of ``host:port`` / ``[v6]:port``, lower-cased."""
    if authority.startswith("["):
        return authority[1 : authority.index("]")].lower()
    return authority.rsplit(":", 1)[0].lower() if ":" in authority else authority.lower()


class ForwardProxy:
    """Forward proxy bound to 127.0.0.1; ``allowed`` holds host names, the two targets are loopback ports."""

    def __init__(self, allowed: frozenset[str], http_port: int, https_port: int) -> None:
        self.allowed = allowed
        self.http_port = http_port
        self.https_port = https_port
        self.refused: list[str] = []  # every destination refused, for the run info and the tests
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self, port: int = 0) -> int:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", port, limit=MAX_HEAD)
        self.address: tuple[str, int] = self._server.sockets[0].getsockname()[:2]
        return self.address[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)  # type: ignore[arg-type]
        try:
            await self._handle(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.CancelledError):
            pass
        finally:
            self._tasks.discard(task)  # type: ignore[arg-type]
            with contextlib.suppress(Exception):
                writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split(" ")
        if len(parts) != 3:
            await self._refuse(writer, 400, "malformed request line")
            return
        method, target, _version = parts
        if method.upper() == "CONNECT":
            host = split_host(target)
            port = self.https_port
        else:
            url = urlsplit(target)
            if url.scheme != "http" or not url.netloc:
                await self._refuse(writer, 400, "a forward proxy needs an absolute http:// URL")
                return
            host = split_host(url.netloc)
            port = self.http_port
        if host not in self.allowed:
            self.refused.append(target)
            await self._refuse(writer, 403, f"destination {target} is not one of this run's hosts")
            return
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", port, limit=MAX_HEAD)
        if method.upper() == "CONNECT":
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
        else:
            up_writer.write(head)
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    @staticmethod
    async def _refuse(writer: asyncio.StreamWriter, status: int, message: str) -> None:
        body = (message + "\n").encode()
        writer.write(
            f"HTTP/1.1 {status} Refused\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n".encode() + body
        )
        await writer.drain()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()
