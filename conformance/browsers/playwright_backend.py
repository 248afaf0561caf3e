"""Chromium, Firefox and WebKit through Playwright: Playwright's own build when installed, else the system browser.

System fallbacks (Debian): ``/usr/bin/chromium``; Firefox ESR over WebDriver BiDi (channel ``moz-firefox``),
which ignores Playwright's ``proxy`` option, so the proxy is set through Firefox preferences instead.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, BrowserType, Page, Playwright

from conformance.browsers.base import (
    ENGINE_FAMILY,
    BackendUnavailable,
    Engine,
    EngineGone,
    EngineInfo,
    JarCookie,
    Session,
    SettingUnsupported,
)
from conformance.browsers.network import NetworkConfig

CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run",
                 # HTTPS-Upgrades would turn the cases' http:// navigations into https:// ones.
                 "--disable-features=MediaRouter,OptimizationHints,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable"]
SYSTEM_BROWSERS = {
    "chromium": ("/usr/bin/chromium", "apt-get install -y chromium"),
    "firefox": ("/usr/bin/firefox-esr", "apt-get install -y firefox-esr"),
}
NAV_TIMEOUT_MS = 15_000
# How each engine is told to allow third-party cookies (design.md: Chromium obeys only the managed policy).
FIREFOX_ALLOW_3PC = {"network.cookie.cookieBehavior": 0}
CHROMIUM_ALLOW_3PC = {"BlockThirdPartyCookies": False}
CHROMIUM_POLICY_DIR = Path("/etc/chromium/policies/managed")


class ChromiumPolicy:
    """This suite's own managed-policy file for Chromium (read at launch), written only while a browser that
    must allow third-party cookies runs, and removed afterwards (never touching other policy files)."""

    def __init__(self, directory: Path = CHROMIUM_POLICY_DIR) -> None:
        self.directory = directory
        self.path = directory / "cookie-conformance-allow-third-party-cookies.json"

    def writable(self) -> bool:
        existing = next((p for p in (self.directory, *self.directory.parents) if p.exists()), Path("/"))
        return os.access(existing, os.W_OK)

    def set(self, allow: bool) -> None:
        if allow:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(CHROMIUM_ALLOW_3PC), encoding="utf-8")
        else:
            self.path.unlink(missing_ok=True)


# Firefox's parent process spends most of a page load on its own user interface (painting the tab strip and the
# address bar, animating the tab's throbber, formatting the URL), even headless. Measured on a 2-core machine
# (60 navigations, Firefox 153 ESR): the parent's CPU per navigation went from 116 to 64 ms cross-site and from 87
# to 50 ms same-origin. None of these touches how cookies are stored, sent or shown to a page.
FIREFOX_LESS_UI_WORK = {
    "layout.frame_rate": 1,  # refreshes (paints) per second, page and browser UI alike; -1 (default) = the display's
    "ui.prefersReducedMotion": 1,  # no throbber or tab animations
    "browser.urlbar.formatting.enabled": False,  # no per-navigation re-formatting of the address bar
}


def _firefox_proxy_prefs(net: NetworkConfig) -> dict[str, Any]:
    return {
        "network.proxy.type": 1,
        "network.proxy.http": net.proxy_host,
        "network.proxy.http_port": net.proxy_port,
        "network.proxy.ssl": net.proxy_host,
        "network.proxy.ssl_port": net.proxy_port,
        "network.proxy.allow_hijacking_localhost": True,
        "network.proxy.no_proxies_on": "",
        "network.proxy.share_proxy_settings": False,
        # HTTPS-First would turn the cases' http:// navigations into https:// ones.
        "dom.security.https_first": False,
        "dom.security.https_first_schemeless": False,
        "dom.security.https_first_pbm": False,
        # keep Firefox from calling home (the proxy refuses it anyway; this saves the noise)
        "app.update.enabled": False,
        "browser.safebrowsing.malware.enabled": False,
        "browser.safebrowsing.phishing.enabled": False,
        "network.captive-portal-service.enabled": False,
        "network.connectivity-service.enabled": False,
        "toolkit.telemetry.enabled": False,
        "datareporting.policy.dataSubmissionEnabled": False,
        **FIREFOX_LESS_UI_WORK,
    }


class PlaywrightEngine(Engine):
    def __init__(self, name: str, playwright: Playwright, net: NetworkConfig, *, headless: bool = True,
                 channel: str | None = None) -> None:
        self.name = name
        self._pw = playwright
        self._net = net
        self._headless = headless
        self._channel = channel
        self._browser: Browser | None = None
        self._launch: dict[str, Any] = {}
        self._info: EngineInfo | None = None
        self._settings: dict[str, str] = {}
        self._policy = ChromiumPolicy()
        self._spare: _ContextSession | None = None  # an emptied jar, given back by release()

    @property
    def browser_type(self) -> BrowserType:
        return getattr(self._pw, self.name)

    def _launch_options(self) -> tuple[dict[str, Any], str, str]:
        bt = self.browser_type
        own = Path(bt.executable_path).exists() if not self._channel else False
        opts: dict[str, Any] = {"headless": self._headless}
        if own:
            backend, exe = f"Playwright ({self.name} build)", bt.executable_path
            opts["proxy"] = {"server": self._net.proxy_url}
        elif self._channel:
            backend, exe = f"Playwright (channel {self._channel})", self._channel
            opts["channel"] = self._channel
            opts["proxy"] = {"server": self._net.proxy_url}
        else:
            if self.name not in SYSTEM_BROWSERS:
                raise BackendUnavailable(f"Playwright's {self.name} build is not installed",
                                         f"python -m playwright install {self.name}")
            exe, install = SYSTEM_BROWSERS[self.name]
            if not Path(exe).exists():
                raise BackendUnavailable(
                    f"neither Playwright's {self.name} build nor {exe} is installed",
                    f"python -m playwright install {self.name}   (or, as root on Debian: {install})",
                )
            opts["executable_path"] = exe
            if self.name == "firefox":
                backend = "Playwright over WebDriver BiDi (system Firefox)"
                opts["channel"] = "moz-firefox"
                opts["firefox_user_prefs"] = _firefox_proxy_prefs(self._net)
            else:
                backend = "Playwright (system Chromium)"
                opts["proxy"] = {"server": self._net.proxy_url}
        if self.name == "chromium":
            opts["args"] = CHROMIUM_ARGS
        return opts, backend, exe

    def start(self) -> EngineInfo:
        opts, backend, exe = self._launch_options()
        self._launch = opts
        if self.name == "chromium":
            self._policy.set(False)  # a policy file left by a run that was killed would change every result
        self._browser = self.browser_type.launch(**opts)
        allow = {"firefox": f"Firefox pref {FIREFOX_ALLOW_3PC}",
                 "chromium": f"managed policy {CHROMIUM_ALLOW_3PC} in {self._policy.directory}"}
        self._info = EngineInfo(
            name=self.name, engine=ENGINE_FAMILY[self.name], version=self._browser.version, backend=backend,
            executable=exe, headless=self._headless,
            settings={"third_party_cookies": "browser default",
                      "third_party_cookies_allowed_by": allow.get(self.name, "not available")},
        )
        return self._info

    def new_session(self, *, restartable: bool = False, settings: Mapping[str, str] | None = None) -> Session:
        assert self._info is not None, "start() first"
        browser = self._browser_for(dict(settings or {}))
        if not browser.is_connected():
            raise EngineGone(f"the {self.name} browser process is gone (it crashed or was killed)")
        if restartable:
            return _PersistentSession(self.browser_type, self._launch)
        spare, self._spare = self._spare, None
        if spare is not None:
            return spare
        return _ContextSession(browser.new_context(ignore_https_errors=True), keep=self._keep)

    def _keep(self, session: _ContextSession) -> None:
        if self._spare is not None:
            self._spare.close()
        self._spare = session

    def _browser_for(self, settings: dict[str, str]) -> Browser:
        """The browser launched with ``settings`` (one at a time: Chromium's policy applies to every instance)."""
        if settings == self._settings and self._browser is not None:
            return self._browser
        unknown = set(settings) - {"third_party_cookies"} or set(settings.values()) - {"allowed"}
        if unknown:
            raise SettingUnsupported(f"unknown browser setting {settings}")
        opts = dict(self._launch)
        if settings and self.name == "firefox":
            opts["firefox_user_prefs"] = {**opts.get("firefox_user_prefs", {}), **FIREFOX_ALLOW_3PC}
        elif settings and self.name == "chromium" and not self._policy.writable():
            raise SettingUnsupported(f"Chromium allows third-party cookies only by managed policy, and "
                                     f"{self._policy.directory} is not writable here (run as root)")
        elif settings and self.name not in ("firefox", "chromium"):
            raise SettingUnsupported(f"no way to allow third-party cookies is known for {self.name}")
        self._close_browser()
        if self.name == "chromium":
            self._policy.set(bool(settings))
        self._browser = self.browser_type.launch(**opts)
        self._settings = settings
        return self._browser

    def _close_browser(self) -> None:
        spare, self._spare = self._spare, None
        if spare is not None:
            spare.close()
        if self._browser is not None:
            try:
                if self._browser.is_connected():  # closing a dead browser can wait forever
                    self._browser.close()
            finally:
                self._browser = None

    def close(self) -> None:
        try:
            self._close_browser()
        finally:
            if self.name == "chromium":  # the policy is Chromium's; another engine closing must not remove it
                self._policy.set(False)


def _jar(context: BrowserContext) -> list[JarCookie]:
    return [
        JarCookie(
            name=c["name"], value=c["value"], domain=c["domain"], path=c["path"],
            expires=None if c["expires"] < 0 else float(c["expires"]), secure=c["secure"],
            http_only=c["httpOnly"], same_site=c.get("sameSite"),
        )
        for c in context.cookies()
    ]


class _ContextSession(Session):
    def __init__(self, context: BrowserContext, keep: Callable[[_ContextSession], None] | None = None) -> None:
        self._context = context
        self._keep = keep
        self._gone = False
        context.on("close", lambda _: setattr(self, "_gone", True))
        if context.browser is not None:
            context.browser.on("disconnected", lambda _: setattr(self, "_gone", True))
        self._page: Page = context.new_page()
        self._page.set_default_timeout(NAV_TIMEOUT_MS)

    def navigate(self, url: str) -> None:
        self._page.goto(url, wait_until="load")

    def evaluate(self, script: str) -> Any:
        return self._page.evaluate(script)

    def call(self, function: str, argument: Any) -> Any:
        return self._page.evaluate(function, argument)

    def jar(self) -> list[JarCookie]:
        if self._gone:
            raise EngineGone("the browser is gone; its jar cannot be read")
        return _jar(self._context)

    def restart(self) -> None:
        from conformance.browsers.base import RestartUnsupported

        raise RestartUnsupported("this session was not opened as restartable")

    def close(self) -> None:
        if not self._gone:  # closing a dead browser's context can wait forever
            self._context.close()

    def release(self) -> None:
        """Empty the jar (every cookie of the context, partitioned ones included), leave the page on about:blank,
        and give the session back as the next fresh jar, but only if the jar then reads back empty."""
        if self._keep is None or self._gone:
            return self.close()
        try:
            self._context.clear_cookies()
            self._page.goto("about:blank")
            empty = not self._context.cookies() and len(self._context.pages) == 1
        except Exception:  # noqa: BLE001 - not reusable; closed below
            empty = False
        if empty:
            self._keep(self)
        else:
            self.close()


class _PersistentSession(_ContextSession):
    """A browser on its own profile directory, so it can be closed and started again like a user would."""

    def __init__(self, browser_type: BrowserType, launch: dict[str, Any]) -> None:
        self._type = browser_type
        self._launch = launch
        self._dir = tempfile.mkdtemp(prefix="cookie-profile-")
        super().__init__(self._open())

    def _open(self) -> BrowserContext:
        context = self._type.launch_persistent_context(self._dir, ignore_https_errors=True, **self._launch)
        self._gone = False
        context.on("close", lambda _: setattr(self, "_gone", True))
        return context

    def restart(self) -> None:
        self._context.close()
        self._context = self._open()
        self._page = self._context.pages[0] if self._context.pages else self._context.new_page()
        self._page.set_default_timeout(NAV_TIMEOUT_MS)

    def close(self) -> None:
        try:
            if not self._gone:
                self._context.close()
        finally:
            shutil.rmtree(self._dir, ignore_errors=True)
