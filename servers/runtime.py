"""Starts the reference servers (HTTP + HTTPS listeners and the forward proxy) on loopback in a background thread."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from aiohttp import web

from servers.app import Registry, make_app
from servers.proxy import ForwardProxy
from servers.tls import RunCertificates

DEFAULT_HOSTS = (
    "site.test", "www.site.test", "sub.www.site.test", "other.test", "www.other.test",
    "example.com", "www.example.com", "localhost", "127.0.0.1",
    "example.co.uk", "www.example.co.uk", "app.example.co.uk",
)


class PortInUseError(RuntimeError):
    pass


@dataclass(frozen=True)
class Endpoints:
    http_port: int
    https_port: int
    proxy_port: int
    ca_pem: str

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"


class ReferenceServers:
    """HTTP and HTTPS listeners of the reference app plus the proxy; ``start()`` returns their ports."""

    def __init__(self, hosts: Iterable[str] = DEFAULT_HOSTS, proxy_port: int = 0) -> None:
        self.hosts = frozenset(h.lower() for h in (*DEFAULT_HOSTS, *hosts))
        self.registry = Registry()
        self._proxy_port = proxy_port
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="reference-servers", daemon=True)
        self._runners: list[web.AppRunner] = []
        self.certificates: RunCertificates | None = None
        self.proxy: ForwardProxy | None = None
        self.endpoints: Endpoints | None = None
        self.bound: list[tuple[str, int]] = []  # every listening address, for checks that all are loopback

    def start(self) -> Endpoints:
        if self._proxy_port:
            _check_port_free(self._proxy_port)
        self.certificates = RunCertificates(tuple(sorted(self.hosts)))
        self._thread.start()
        self.endpoints = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(30)
        return self.endpoints

    async def _start(self) -> Endpoints:
        assert self.certificates is not None
        ports = []
        for scheme, ssl_ctx in (("http", None), ("https", self.certificates.server_context())):
            runner = web.AppRunner(make_app(self.registry, self.hosts, scheme), access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_ctx)
            await site.start()
            self._runners.append(runner)
            self.bound.append(site._server.sockets[0].getsockname()[:2])  # type: ignore[union-attr]
            ports.append(self.bound[-1][1])
        self.proxy = ForwardProxy(self.hosts, ports[0], ports[1])
        proxy_port = await self.proxy.start(self._proxy_port)
        self.bound.append(self.proxy.address)
        return Endpoints(ports[0], ports[1], proxy_port, str(self.certificates.ca_pem))

    def stop(self) -> None:
        if self._thread.is_alive():
            async def _stop() -> None:
                if self.proxy is not None:
                    await self.proxy.stop()
                for runner in self._runners:
                    await runner.cleanup()

            asyncio.run_coroutine_threadsafe(_stop(), self._loop).result(30)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        if self.certificates is not None:
            self.certificates.cleanup()

    def __enter__(self) -> ReferenceServers:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _check_port_free(port: int) -> None:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError as e:
            raise PortInUseError(
                f"port {port} on 127.0.0.1 is already in use; pick another with --proxy-port or 0 for a free one"
            ) from e
