"""Shared fixtures of the suite's own tests: pytest-playwright launches the system Chromium when Playwright's
own build is not installed (Debian 12 cannot download it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserType

SYSTEM_CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], browser_type: BrowserType) -> dict[str, Any]:
    args = dict(browser_type_launch_args)
    if browser_type.name == "chromium" and not Path(browser_type.executable_path).exists():
        if not Path(SYSTEM_CHROMIUM).exists():
            pytest.skip("no Chromium: run `python -m playwright install chromium` or `apt-get install chromium`")
        args["executable_path"] = SYSTEM_CHROMIUM
        args["args"] = [*args.get("args", []), "--disable-background-networking", "--disable-component-update"]
    return args
