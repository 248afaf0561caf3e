"""``python -m servers``: run the reference servers on their own and print how to point a browser at them."""

from __future__ import annotations

import argparse
import signal
import sys
import time

from servers.runtime import PortInUseError, ReferenceServers


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m servers", description=__doc__)
    parser.add_argument("--proxy-port", type=int, default=0, help="port for the forward proxy (default: a free one)")
    parser.add_argument("--host", action="append", default=[], help="extra host name to serve (repeatable)")
    args = parser.parse_args(argv)
    servers = ReferenceServers(args.host, proxy_port=args.proxy_port)
    try:
        ep = servers.start()
    except PortInUseError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"HTTP listener   127.0.0.1:{ep.http_port}\nHTTPS listener  127.0.0.1:{ep.https_port}")
    print(f"forward proxy   {ep.proxy_url}   (serves: {', '.join(sorted(servers.hosts))})")
    print(f"run CA          {ep.ca_pem}")
    print("\nPoint a browser at the proxy, e.g.:")
    print(f"  chromium --proxy-server={ep.proxy_url} --proxy-bypass-list='<-loopback>' "
          "--ignore-certificate-errors 'https://www.site.test/?sc=a%3D1%3B%20Path%3D%2F'")
    print(f"  curl -x {ep.proxy_url} -k -i 'https://www.site.test/x?sc=a%3D1'")
    print(f"  curl -x {ep.proxy_url} -k -H 'Cookie: a=1' 'https://www.site.test/?echo=t1'")
    print("Ctrl-C stops.", flush=True)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)  # `kill` too removes the run CA's files
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        servers.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
