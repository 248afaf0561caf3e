"""The one interface every browser backend implements: isolated sessions that navigate, run script, show a jar."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

ENGINES = ("chromium", "firefox", "webkit")
ENGINE_FAMILY = {"chromium": "Blink", "firefox": "Gecko", "webkit": "WebKit"}


class BackendUnavailable(RuntimeError):
    """The engine cannot be started here; ``install`` is the exact command that would make it available."""

    def __init__(self, message: str, install: str) -> None:
        super().__init__(message)
        self.install = install


class EngineGone(RuntimeError):
    """The engine's browser died during the run (crash, kill, or the watchdog after a hang)."""


class RestartUnsupported(RuntimeError):
    """The backend cannot close and reopen the browser on the same profile."""


@dataclass
class EngineInfo:
    name: str  # chromium | firefox | webkit
    engine: str  # Blink | Gecko | WebKit
    version: str
    backend: str  # e.g. "Playwright (system Chromium)", "WebKitGTK over WebDriver (Selenium)"
    executable: str
    headless: bool
    available: bool = True
    install: str = ""
    reason: str = ""
    settings: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class JarCookie:
    """A cookie as the browser's automation API reports it: evidence for the report, not the verdict."""

    name: str
    value: str
    domain: str
    path: str
    expires: float | None  # seconds since epoch; None for a session cookie
    secure: bool
    http_only: bool
    same_site: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class SettingUnsupported(RuntimeError):
    """The engine cannot be configured the way a case variant needs; its runs are SKIP with this reason."""


class Session(ABC):
    """One isolated cookie jar in one browser."""

    @abstractmethod
    def navigate(self, url: str) -> None: ...

    @abstractmethod
    def evaluate(self, script: str) -> Any:
        """Evaluate a JavaScript expression in the current page and return its value."""

    @abstractmethod
    def call(self, function: str, argument: Any) -> Any:
        """Call the JavaScript (async) function source with one JSON argument; return its awaited result."""

    @abstractmethod
    def jar(self) -> list[JarCookie]: ...

    @abstractmethod
    def restart(self) -> None:
        """Close the browser and start it again on the same profile (session cookies go, persistent stay)."""

    @abstractmethod
    def close(self) -> None: ...

    def release(self) -> None:
        """Done with this jar: a backend that can empty it (and show that it is empty) keeps it as the next fresh
        jar, which costs far less than a new one; any other is closed."""
        self.close()


class Engine(ABC):
    """An installed browser that makes sessions; ``start`` raises BackendUnavailable when it cannot run here."""

    name: str

    @abstractmethod
    def start(self) -> EngineInfo: ...

    @abstractmethod
    def new_session(self, *, restartable: bool = False, settings: Mapping[str, str] | None = None) -> Session:
        """A fresh jar. ``settings`` asks for a differently configured browser (``third_party_cookies="allowed"``);
        raises SettingUnsupported when this engine cannot be told to."""

    @abstractmethod
    def close(self) -> None: ...
