"""A jar given back with ``Session.release`` is used again only when it reads back empty, and only runs that left
nothing but cookies behind give theirs back (real Chromium and Firefox)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from conformance.cases import Case, Probe, Step
from conformance.runner import leaves_only_cookies
from conformance.session_runner import engine_runner

SITE = "https://www.site.test/"


def case(**probe: str) -> Case:
    return Case(id="demo.reuse", title="t", area="demo", anchor="a", level="MUST", requirement="r",
                steps=(Step("set", SITE, ("a=1",)),), probes=(Probe("header", SITE, "a=1", **probe),),  # type: ignore[arg-type]
                source="f:1")


def test_only_runs_that_left_nothing_but_cookies_give_their_jar_back() -> None:
    assert leaves_only_cookies([case()])
    # Another site's page made a request: partitioned cookies, or a storage-access grant, may be left behind.
    assert not leaves_only_cookies([case(source="https://other.test/", via="img")])
    assert not leaves_only_cookies([Case(id="demo.r", title="t", area="demo", anchor="a", level="MUST",
                                         requirement="r", steps=(Step("set", SITE, ("a=1",)), Step("restart")),
                                         probes=(Probe("header", SITE, "a=1"),), source="f:1")])


def reuse(engine: str) -> dict[str, object] | str:
    with engine_runner([case()]) as runner:
        if not runner.available(engine):
            return f"{engine} is not available here"
        first = runner.pool.session(engine, False)
        first.navigate(SITE)
        for write in ("p=1; Path=/x", "d=1; Domain=site.test; Path=/", "c=1; Secure; SameSite=None; Partitioned"):
            first.evaluate(f"document.cookie = {write!r}")
        before = len(first.jar())
        first.release()
        second = runner.pool.session(engine, False)
        jar = second.jar()
        second.navigate(SITE + "x/y")
        seen = second.evaluate("document.cookie")
        second.close()  # closed for good: the next session is a new one
        third = runner.pool.session(engine, False)
        third.close()
        return {"before": before, "same": second is first, "jar": jar, "seen": seen, "third_new": third is not first}


@pytest.mark.parametrize("engine", ["chromium", "firefox"])
def test_a_released_jar_comes_back_empty(engine: str) -> None:
    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API wants a thread without pytest-playwright's loop
        outcome = pool.submit(reuse, engine).result()
    if isinstance(outcome, str):
        pytest.skip(outcome)
    assert outcome == {"before": 3, "same": True, "jar": [], "seen": "", "third_new": True}
