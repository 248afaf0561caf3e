"""The reference servers: byte-exact Set-Cookie lines, an exact Cookie echo, real TLS, a proxy refusing outsiders."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator

import pytest

from servers.runtime import PortInUseError, ReferenceServers


@pytest.fixture(scope="module")
def servers() -> Iterator[ReferenceServers]:
    with ReferenceServers(["www.site.test", "www.example.co.uk"]) as s:
        yield s


def _request(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(raw)
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    return b"".join(chunks)


def _via_proxy_http(servers: ReferenceServers, url: str, headers: bytes = b"") -> bytes:
    assert servers.endpoints is not None
    host = url.split("/")[2]
    return _request(servers.endpoints.proxy_port,
                    f"GET {url} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n".encode() + headers + b"\r\n")


def _via_proxy_https(servers: ReferenceServers, host: str, path: str, headers: bytes = b"") -> bytes:
    assert servers.endpoints is not None and servers.certificates is not None
    sock = socket.create_connection(("127.0.0.1", servers.endpoints.proxy_port), timeout=10)
    sock.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode())
    assert sock.recv(1024).startswith(b"HTTP/1.1 200")
    tls = servers.certificates.client_context().wrap_socket(sock, server_hostname=host)
    tls.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n".encode() + headers + b"\r\n")
    chunks = []
    while data := tls.recv(65536):
        chunks.append(data)
    tls.close()
    return b"".join(chunks)


TRICKY = ["a=1", "sp =  x y  ; Path=/", "ctl=a\x01b", "del=\x7f", "tab=a\tb", "utf=\u00e9\u4e2d", 'q="YWJj=="',
          "noequals", "x=1, y=2; Expires=Wed, 01 Jan 2031 00:00:00 GMT"]


def test_set_cookie_lines_are_sent_byte_for_byte(servers: ReferenceServers) -> None:
    servers.registry.register("t-bytes", TRICKY)
    raw = _via_proxy_http(servers, "http://www.site.test/any/path?set=t-bytes")
    head = raw.split(b"\r\n\r\n", 1)[0]
    sent = [line[len(b"Set-Cookie: "):] for line in head.split(b"\r\n") if line.startswith(b"Set-Cookie: ")]
    assert sent == [t.encode("utf-8") for t in TRICKY]


def test_set_cookie_over_https_through_connect(servers: ReferenceServers) -> None:
    servers.registry.register("t-tls", ["s=1; Secure; Path=/"])
    raw = _via_proxy_https(servers, "www.example.co.uk", "/x?set=t-tls")
    assert raw.startswith(b"HTTP/1.1 200") and b"\r\nSet-Cookie: s=1; Secure; Path=/\r\n" in raw


def test_lines_with_cr_or_lf_are_refused(servers: ReferenceServers) -> None:
    with pytest.raises(ValueError, match="CR or LF"):
        servers.registry.register("t-crlf", ["a=1\r\nX-Evil: 1"])


def test_echo_records_the_cookie_header_exactly(servers: ReferenceServers) -> None:
    cookie = "a=1;  b = 2 ;c=\u00e9\tz".encode()
    raw = _via_proxy_https(servers, "www.site.test", "/p/q?echo=t-echo", b"Cookie: " + cookie + b"\r\n")
    assert raw.split(b"\r\n\r\n", 1)[1] == cookie
    (record,) = servers.registry.echoes("t-echo")
    assert (record.cookie, record.host, record.path, record.scheme) == (cookie, "www.site.test", "/p/q", "https")


def test_echo_without_cookie_header_is_absent(servers: ReferenceServers) -> None:
    _via_proxy_http(servers, "http://www.site.test/?echo=t-none")
    assert servers.registry.echoes("t-none")[0].cookie is None


def test_page_at_any_path(servers: ReferenceServers) -> None:
    raw = _via_proxy_http(servers, "http://www.site.test/deep/er/page.html")
    assert raw.startswith(b"HTTP/1.1 200") and b"text/html" in raw and b"<html" in raw


@pytest.mark.parametrize("target", ["http://example.org/", "http://8.8.8.8/", "http://www.site.test.evil.org/"])
def test_proxy_refuses_outside_hosts_plain(servers: ReferenceServers, target: str) -> None:
    raw = _via_proxy_http(servers, target)
    assert raw.startswith(b"HTTP/1.1 403")
    assert target in servers.proxy.refused  # type: ignore[union-attr]


def test_proxy_refuses_outside_hosts_connect(servers: ReferenceServers) -> None:
    assert servers.endpoints is not None
    raw = _request(servers.endpoints.proxy_port, b"CONNECT www.google.com:443 HTTP/1.1\r\nHost: www.google.com\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 403")


def test_listeners_are_loopback_only(servers: ReferenceServers) -> None:
    assert len(servers.bound) == 3
    assert all(addr[0] == "127.0.0.1" for addr in servers.bound)


def test_certificate_is_from_the_run_ca(servers: ReferenceServers) -> None:
    assert servers.endpoints is not None
    sock = socket.create_connection(("127.0.0.1", servers.endpoints.proxy_port), timeout=10)
    sock.sendall(b"CONNECT www.site.test:443 HTTP/1.1\r\n\r\n")
    sock.recv(1024)
    with pytest.raises(ssl.SSLCertVerificationError):
        ssl.create_default_context().wrap_socket(sock, server_hostname="www.site.test")


def test_port_in_use_gives_a_clear_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(PortInUseError, match=f"port {port}.*already in use"):
            ReferenceServers(proxy_port=port).start()


def test_temporary_certificate_files_are_removed() -> None:
    s = ReferenceServers()
    s.start()
    assert s.certificates is not None
    directory = s.certificates.directory
    assert directory.exists()
    s.stop()
    assert not directory.exists()
