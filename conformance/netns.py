"""Runs a command in a private network namespace: only a loopback interface, on which TCP acknowledges at once.

Everything a run does goes over loopback: the automation connection to the browser (Playwright to Firefox over
WebDriver BiDi, Selenium to WebKitWebDriver and on to MiniBrowser) and the browser's requests to the reference
servers. On Linux's shared loopback, an exchange of several small messages in one direction waits for a delayed
ACK (40 ms) before the next goes out. Measured here: a Firefox script call that makes one fetch took 48 ms
instead of 6 ms, a WebKitGTK navigation 52 ms instead of 7 ms, with no other difference. In a namespace of its own
the loopback route is told to acknowledge at once (``ip route ... quickack 1``); nothing else of the network stack
changes, and nothing a browser does can reach any other interface.

``prefix()`` is the command prefix that starts a process that way, or ``[]`` where this system does not allow
it (not root and no unprivileged user namespaces, or no ``unshare``/``ip``): runs then go on in the shared
namespace, only slower. ``python -m conformance.netns COMMAND...`` is what runs inside: it brings the loopback
up, sets the route, and becomes COMMAND.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys

INSIDE = "COOKIE_SUITE_PRIVATE_NETWORK"  # set in the environment of a process inside such a namespace
ROUTES = (["-4", "127.0.0.0/8"], ["-4", "127.0.0.1"], ["-6", "::1"])


@functools.cache
def prefix() -> list[str]:
    if os.environ.get(INSIDE) or sys.platform != "linux" or not (shutil.which("unshare") and shutil.which("ip")):
        return []
    command = ["unshare", "--net", *([] if os.geteuid() == 0 else ["--map-root-user"]), "--",
               sys.executable, "-m", "conformance.netns"]
    try:
        ok = subprocess.run([*command, "true"], capture_output=True, timeout=15).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return command if ok else []


def describe() -> str:
    """How this process's network was set up, for the run's information."""
    if os.environ.get(INSIDE):
        return "private network namespace (loopback only, ACKs at once)"
    return "shared network namespace (a private one was not available here)"


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m conformance.netns COMMAND [ARG...]", file=sys.stderr)
        return 2
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    for family, route in ROUTES:
        if family == "-6" and not os.path.exists("/proc/net/if_inet6"):
            continue
        subprocess.run(["ip", family, "route", "replace", "local", route, "dev", "lo", "table", "local",
                        "proto", "kernel", "scope", "host", "quickack", "1"], check=family == "-4",
                       capture_output=True)
    os.environ[INSIDE] = "1"
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
