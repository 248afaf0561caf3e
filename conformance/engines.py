"""Detects and starts the engines of a run (Playwright when it has the browser, else the system fallbacks)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Playwright, sync_playwright

from conformance.browsers.base import ENGINE_FAMILY, ENGINES, BackendUnavailable, Engine, EngineInfo, Session
from conformance.browsers.network import NetworkConfig
from conformance.processes import Watchdog, kill_engine

START_TIMEOUT_S = 90.0
CLOSE_TIMEOUT_S = 20.0
INSTALL_ALL = "python -m playwright install chromium firefox webkit   " \
              "(Debian, as root: apt-get install -y chromium firefox-esr webkit2gtk-driver xvfb)"


@dataclass
class EnginePool:
    """Starts each engine on first use; one engine runs at a time (the run is ordered by engine)."""

    net: NetworkConfig
    headless: bool = True
    channel: str | None = None
    infos: dict[str, EngineInfo] = field(default_factory=dict)
    killed: dict[str, str] = field(default_factory=dict)  # engine -> why a watchdog killed its browser
    _engines: dict[str, Engine] = field(default_factory=dict)
    _playwright: Playwright | None = None
    _current: str | None = None

    def _make(self, name: str) -> Engine:
        if name not in ENGINES:
            raise ValueError(f"unknown engine {name!r}; choose from {', '.join(ENGINES)}")
        if self._playwright is None:
            self._playwright = sync_playwright().start()
        if name == "webkit" and not Path(self._playwright.webkit.executable_path).exists():
            from conformance.browsers.webkitgtk import WebKitGTKEngine

            return WebKitGTKEngine(self.net, headless=self.headless)
        from conformance.browsers.playwright_backend import PlaywrightEngine

        channel = self.channel if name == "chromium" else None
        return PlaywrightEngine(name, self._playwright, self.net, headless=self.headless, channel=channel)

    def activate(self, name: str) -> Engine | None:
        """The started engine ``name`` (closing the previous one), or None if it is not available here."""
        if name in self.infos and not self.infos[name].available:
            return None
        if self._current and self._current != name:
            self._close(self._current)
        if name not in self._engines:
            engine = self._make(name)
            try:
                with Watchdog(START_TIMEOUT_S, lambda: kill_engine(name)):
                    self.infos[name] = engine.start()
            except BackendUnavailable as e:
                self.infos[name] = _unavailable(name, str(e), e.install)
                return None
            except Exception as e:  # noqa: BLE001 - a browser that cannot launch is reported, not fatal
                self.infos[name] = _unavailable(name, f"failed to start: {type(e).__name__}: {e}", INSTALL_ALL)
                return None
            self._engines[name] = engine
        self._current = name
        return self._engines[name]

    def session(self, name: str, restartable: bool, settings: Mapping[str, str] | None = None) -> Session:
        engine = self._engines[name]
        return engine.new_session(restartable=restartable, settings=settings)

    def _close(self, name: str) -> None:
        engine = self._engines.pop(name, None)
        if engine is not None:
            # A browser that hangs while closing is killed, so the run (and the next engine) can go on.
            with Watchdog(CLOSE_TIMEOUT_S, lambda: kill_engine(name)):
                try:
                    engine.close()
                except Exception:  # noqa: BLE001
                    pass

    def close(self) -> None:
        for name in list(self._engines):
            self._close(name)
        if self._playwright is not None:
            # After a crash the driver may be gone or stuck: stopping it is bounded like closing a browser.
            with Watchdog(CLOSE_TIMEOUT_S, lambda: kill_engine("chromium")):
                try:
                    self._playwright.stop()
                except Exception:  # noqa: BLE001
                    pass
            self._playwright = None


def _unavailable(name: str, reason: str, install: str) -> EngineInfo:
    return EngineInfo(name=name, engine=ENGINE_FAMILY[name], version="not available", backend="none",
                      executable="", headless=True, available=False, install=install, reason=reason.splitlines()[0])
