"""WebKit through WebKitGTK's WebDriver (Selenium + WebKitWebDriver + MiniBrowser) on a virtual display.

Used when Playwright's WebKit build is not installed (it cannot be downloaded on Debian 12). MiniBrowser takes
the proxy with ``--proxy``; an Xvfb display is started by the backend itself when there is no screen.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from conformance.browsers.base import (
    BackendUnavailable,
    Engine,
    EngineInfo,
    JarCookie,
    RestartUnsupported,
    Session,
    SettingUnsupported,
)
from conformance.browsers.network import NetworkConfig

DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
INSTALL = "apt-get install -y webkit2gtk-driver xvfb"
PAGE_LOAD_TIMEOUT_S = 15
SCRIPT_TIMEOUT_S = 300
ALLOW_3PC = "--cookies-policy=always"


class VirtualDisplay:
    """An Xvfb server on a free display number, stopped with ``stop``."""

    def __init__(self) -> None:
        if not shutil.which("Xvfb"):
            raise BackendUnavailable("there is no screen and Xvfb is not installed", "apt-get install -y xvfb")
        read_fd, write_fd = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as f:
            number = f.readline().strip()
        if not number:
            self.stop()
            raise BackendUnavailable("Xvfb did not start", "apt-get install -y xvfb")
        self.display = f":{number}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()


class WebKitGTKEngine(Engine):
    name = "webkit"

    def __init__(self, net: NetworkConfig, *, headless: bool = True) -> None:
        self._net = net
        self._headless = headless
        self._display: VirtualDisplay | None = None
        self._env: dict[str, str] = {}
        self._info: EngineInfo | None = None

    def start(self) -> EngineInfo:
        for path in (DRIVER, MINIBROWSER):
            if not Path(path).exists():
                raise BackendUnavailable(f"{path} is not installed (WebKitGTK WebDriver)", INSTALL)
        env = dict(os.environ)
        if self._headless or not env.get("DISPLAY"):
            self._display = VirtualDisplay()
            env["DISPLAY"] = self._display.display
        # The driver must reach its own browser directly, never through the run's proxy.
        for key in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            env.pop(key, None)
        env["no_proxy"] = "localhost,127.0.0.1,::1"
        self._env = env
        probe = self.new_session()
        try:
            caps = probe.driver.capabilities
            version = str(caps.get("browserVersion", "unknown"))
        finally:
            probe.close()
        self._info = EngineInfo(
            name="webkit", engine="WebKit", version=f"WebKitGTK {version}",
            backend="WebKitGTK MiniBrowser over WebDriver (Selenium)", executable=MINIBROWSER,
            headless=self._display is not None,
            settings={"third_party_cookies": "MiniBrowser default (--cookies-policy=no-third-party)",
                      "third_party_cookies_allowed_by": f"MiniBrowser argument {ALLOW_3PC}"},
        )
        return self._info

    def new_session(self, *, restartable: bool = False,
                    settings: Mapping[str, str] | None = None) -> _WebDriverSession:
        if restartable:
            raise RestartUnsupported(
                "MiniBrowser in automation mode keeps cookies in an ephemeral session, so a restart cannot keep "
                "persistent cookies")
        extra = []
        for key, value in (settings or {}).items():
            if (key, value) != ("third_party_cookies", "allowed"):
                raise SettingUnsupported(f"unknown browser setting {key}={value}")
            extra.append(ALLOW_3PC)
        return _WebDriverSession(self._net, self._env, extra)

    def close(self) -> None:
        if self._display is not None:
            self._display.stop()
            self._display = None


class _WebDriverSession(Session):
    def __init__(self, net: NetworkConfig, env: dict[str, str], extra_args: list[str] | None = None) -> None:
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        options.add_argument(f"--proxy={net.proxy_url}")
        options.add_argument("--ignore-host=")
        for arg in extra_args or []:
            options.add_argument(arg)
        options.accept_insecure_certs = True
        self.service = Service(DRIVER, env=env)
        self.driver = webdriver.WebKitGTK(options=options, service=self.service)
        self.driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT_S)
        self.driver.set_script_timeout(SCRIPT_TIMEOUT_S)

    def navigate(self, url: str) -> None:
        self.driver.get(url)

    def evaluate(self, script: str) -> Any:
        return self.driver.execute_script(f"return ({script});")

    def call(self, function: str, argument: Any) -> Any:
        return self.driver.execute_script(f"return ({function})(arguments[0]);", argument)

    def jar(self) -> list[JarCookie]:
        return [
            JarCookie(
                name=c["name"], value=c["value"], domain=c.get("domain", ""), path=c.get("path", "/"),
                expires=float(c["expiry"]) if "expiry" in c else None, secure=bool(c.get("secure")),
                http_only=bool(c.get("httpOnly")), same_site=c.get("sameSite"),
            )
            for c in self.driver.get_cookies()
        ]

    def restart(self) -> None:
        raise RestartUnsupported("WebKitGTK automation sessions are ephemeral")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.driver.quit()
