"""Engine detection: a browser that is not installed is reported as not available, with the command to install it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from conformance.browsers import playwright_backend, webkitgtk
from conformance.browsers.base import BackendUnavailable
from conformance.browsers.network import NetworkConfig
from conformance.engines import EnginePool

NET = NetworkConfig("127.0.0.1", 9, "/nonexistent/ca.pem")


def fake_playwright(tmp_path):  # type: ignore[no-untyped-def]
    missing = str(tmp_path / "no-such-browser")
    return SimpleNamespace(**{n: SimpleNamespace(executable_path=missing, name=n) for n in ("chromium", "firefox")})


@pytest.mark.parametrize(("engine", "command"), [("chromium", "apt-get install -y chromium"),
                                                  ("firefox", "apt-get install -y firefox-esr")])
def test_missing_playwright_browser_names_the_install_command(tmp_path, monkeypatch, engine, command) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(playwright_backend.SYSTEM_BROWSERS, engine, (str(tmp_path / "nope"), command))
    backend = playwright_backend.PlaywrightEngine(engine, fake_playwright(tmp_path), NET)  # type: ignore[arg-type]
    with pytest.raises(BackendUnavailable) as err:
        backend.start()
    assert f"python -m playwright install {engine}" in err.value.install and command in err.value.install


def test_missing_webkitgtk_names_the_install_command(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(webkitgtk, "DRIVER", str(tmp_path / "WebKitWebDriver"))
    with pytest.raises(BackendUnavailable) as err:
        webkitgtk.WebKitGTKEngine(NET).start()
    assert err.value.install == "apt-get install -y webkit2gtk-driver xvfb"


def test_pool_reports_unavailable_engine_instead_of_dropping_it(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(webkitgtk, "DRIVER", str(tmp_path / "WebKitWebDriver"))
    pool = EnginePool(NET)
    monkeypatch.setattr(pool, "_make", lambda name: webkitgtk.WebKitGTKEngine(NET))
    assert pool.activate("webkit") is None
    info = pool.infos["webkit"]
    assert (info.available, info.install) == (False, "apt-get install -y webkit2gtk-driver xvfb")
    assert "not installed" in info.reason
    pool.close()
