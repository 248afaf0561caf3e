"""Which cases may share a jar: the plan keeps apart every case whose outcome a name suffix could hide."""

from __future__ import annotations

from conformance.batching import MAX_COOKIES_PER_SITE, Renamer, plan, solo_reason
from conformance.cases import Case, Probe, Step, load_catalogue


def case(*lines: str, expect: str = "a=1", **extra: object) -> Case:
    return Case(id="demo.x", title="t", area="demo", anchor="a", level="MUST", requirement="r",
                steps=(Step("set", "https://www.site.test/", tuple(lines)),),
                probes=(Probe("header", "https://www.site.test/", expect),), source="f:1", **extra)  # type: ignore[arg-type]


def test_plain_cases_are_batched() -> None:
    assert solo_reason(case("a=1; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=5")) is None


def test_text_that_is_not_an_attribute_is_batched_and_watched() -> None:
    assert solo_reason(case("a=1; b=2")) is None
    r = Renamer(1, 7)
    # An engine that read "b=2" as a cookie of its own: every case that sees it runs alone.
    assert r.strays("a~c007=1; b=2; x~c008=3") == ["b=2"]
    # A name the engine changed (here cut into a nameless cookie) is judged by its own case only.
    assert r.strays("a~c007; x~c008=3") == ["a~c007"]
    assert Renamer(1, 8).strays("a~c007; x~c008=3") == []


def test_nameless_control_characters_and_size_limits_run_alone() -> None:
    assert "without a name" in (solo_reason(case("abc")) or "")
    assert "control character" in (solo_reason(case("a=1\x01")) or "")
    assert "size-limit" in (solo_reason(case("a=${repeat:x:4095}")) or "")
    assert "size-limit" in (solo_reason(case("${repeat:n:4096}=")) or "")
    # A long attribute leaves the name's bytes alone: the suffix cannot change its outcome.
    assert solo_reason(case("a=1; Path=/${repeat:x:1100}")) is None


def test_restarts_share_a_batch_of_their_own() -> None:
    steps = (Step("set", "https://www.site.test/", ("p=1; Max-Age=60",)), Step("restart"))
    restarting = [Case(id=f"demo.r{n}", title="t", area="demo", anchor="a", level="MUST", requirement="r",
                       steps=steps, probes=(Probe("header", "https://www.site.test/", "p=1"),), source="f:1")
                  for n in range(3)]
    layout = plan([case("a=1"), *restarting, case("b=1")])
    assert [(len(b.cases), b.restart) for b in layout.batches] == [(2, False), (3, True)]
    assert not layout.solo


def test_links_and_forms_from_another_site_run_alone() -> None:
    link = Case(id="demo.l", title="t", area="demo", anchor="a", level="MUST", requirement="r",
                steps=(Step("set", "https://www.site.test/", ("a=1; SameSite=Lax",)),),
                probes=(Probe("header", "https://www.site.test/", "a=1", source="https://other.test/", via="link"),),
                source="f:1")
    assert "follows a link" in (solo_reason(link) or "")
    img = Case(id="demo.i", title="t", area="demo", anchor="a", level="MUST", requirement="r", steps=link.steps,
               probes=(Probe("header", "https://www.site.test/", "", source="https://other.test/", via="img"),),
               source="f:1")
    assert solo_reason(img) is None


def test_variants_run_alone() -> None:
    assert "third_party_cookies=allowed" in (solo_reason(case("a=1", browser={"third_party_cookies": "allowed"}))
                                             or "")


def test_batches_stay_under_the_per_site_cookie_limit() -> None:
    layout = plan(load_catalogue())
    assert all(n <= MAX_COOKIES_PER_SITE for b in layout.batches for n in b.cookies.values())
    ids = [c.id for b in layout.batches for c in b.cases] + [c.id for c, _ in layout.solo]
    assert len(ids) == len(set(ids)) == len(load_catalogue())


def test_renamer_keeps_prefixes_and_maps_back() -> None:
    r = Renamer(1, 7)
    assert r.line("__Host-a=1; Path=/") == "__Host-a~c007=1; Path=/"
    assert r.observed("__Host-a~c007=1; other~c008=2; x=3") == "__Host-a=1"


def test_a_case_with_many_cookies_on_one_site_runs_alone() -> None:
    many = case(*[f"c{n}=1" for n in range(MAX_COOKIES_PER_SITE)])
    assert "per-site limit" in (solo_reason(many) or "")


def test_script_writes_over_an_earlier_cookie_run_alone() -> None:
    steps = (Step("set", "https://www.site.test/", ("d=1; Path=/",)),
             Step("script", "https://www.site.test/", ("d=; Max-Age=0; Path=/",)))
    deleting = Case(id="demo.y", title="t", area="demo", anchor="a", level="MUST", requirement="r", steps=steps,
                    probes=(Probe("document", "https://www.site.test/", ""),), source="f:1")
    assert "set earlier" in (solo_reason(deleting) or "")
    fresh = Case(id="demo.z", title="t", area="demo", anchor="a", level="MUST", requirement="r",
                 steps=(steps[0], Step("script", "https://www.site.test/", ("e=1; Path=/",))),
                 probes=(Probe("document", "https://www.site.test/", "d=1; e=1"),), source="f:1")
    assert solo_reason(fresh) is None


class PageLog:
    """Records where a batch's schedule goes and what it does there (the order only; tests/test_isolation.py checks
    on real browsers that a batch observes what each case alone observes)."""

    def __init__(self) -> None:
        self.log: list[tuple[str, ...]] = []
        self.page = ""

    def navigate(self, url: str) -> None:
        self.page = url
        self.log.append(("navigate", url))

    def call(self, function: str, payload: list[dict[str, object]]) -> list[dict[str, object]]:
        self.log += [(str(op["kind"]), self.page, str(op["url"]).split("?")[0]) for op in payload]
        return [{"ok": True, "cookie": ""} for _ in payload]


def test_steps_stay_in_order_and_probes_follow_them_in_an_order_that_saves_page_loads() -> None:
    from conformance.batch_runner import _prepare, _schedule
    from conformance.batching import Batch
    from servers.app import Registry

    site, www = "https://site.test/", "https://www.site.test/"
    writes = Case(id="demo.w", title="t", area="demo", anchor="a", level="MUST", requirement="r", source="f:1",
                  steps=(Step("script", www, ("a=1",)), Step("script", site, ("b=1",)), Step("script", www, ("c=1",))),
                  probes=(Probe("dom", site, ""), Probe("dom", www, ""), Probe("dom", site, "")))
    batch = Batch(1, [writes])
    session = PageLog()
    _schedule(session, [_prepare(batch, 0, writes, "chromium")], Registry(), iter(range(99)).__next__)  # type: ignore[arg-type]
    frames = [(page, url) for kind, page, url in [e for e in session.log if e[0] == "frame"]]
    # Steps: www, site, www, in that order; then the probes: the one on the page it is on (www), then both at site
    # in one frame (in order, they would take www, site, www, site).
    assert frames == [(www, www), (site, site), (www, www), (www, www), (site, site)]
    assert [e[1] for e in session.log if e[0] == "navigate"] == [www, site, www, site]
