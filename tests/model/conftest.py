"""Shared fixtures for the model tests: a fake clock and jars driven by it."""

from __future__ import annotations

import time

import pytest

from conformance.model import CookieJar, Policy

T0 = 1_800_000_000.0  # a fixed "now" (2027-01-15T08:00:00Z); tests advance it to model waiting


class FakeClock:
    def __init__(self, t: float = T0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def http_date(ts: float) -> str:
    """An IMF-fixdate (RFC 1123 form) for epoch ``ts``."""
    return time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(ts))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def jar(clock: FakeClock) -> CookieJar:
    return CookieJar(Policy(), clock)


@pytest.fixture
def make_jar(clock: FakeClock):
    def make(**policy: object) -> CookieJar:
        # These tests were written for "Default" treated as "None" unless they ask for Lax-by-default.
        policy.setdefault("lax_by_default", False)
        return CookieJar(Policy(**policy), clock)  # type: ignore[arg-type]

    return make
