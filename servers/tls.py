"""TLS material for one run: a fresh certificate authority (trustme) and a server certificate for every host name."""

from __future__ import annotations

import ipaddress
import shutil
import ssl
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import trustme


@dataclass
class RunCertificates:
    """A per-run CA and a leaf certificate covering ``hosts``; files live in a temporary directory."""

    hosts: tuple[str, ...]
    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cookie-ca-")))

    def __post_init__(self) -> None:
        self.ca = trustme.CA(organization_name="cookie-conformance run CA")
        identities = [h.strip("[]") for h in self.hosts]
        self.leaf = self.ca.issue_cert(*identities)
        self.ca_pem = self.directory / "ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_pem))

    def server_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.leaf.configure_cert(ctx)
        return ctx

    def client_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context()
        self.ca.configure_trust(ctx)
        return ctx

    def cleanup(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
