"""What a backend needs to reach the reference servers: the proxy address and the run's CA."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NetworkConfig:
    proxy_host: str
    proxy_port: int
    ca_pem: str

    @property
    def proxy_url(self) -> str:
        return f"http://{self.proxy_host}:{self.proxy_port}"
