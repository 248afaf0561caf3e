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


def test_text_that_is_not_an_attribute_runs_alone() -> None:
    assert "not a cookie attribute" in (solo_reason(case("a=1; b=2")) or "")


def test_nameless_control_characters_and_size_limits_run_alone() -> None:
    assert "without a name" in (solo_reason(case("abc")) or "")
    assert "control character" in (solo_reason(case("a=1\x01")) or "")
    assert "size-limit" in (solo_reason(case("a=${repeat:x:4095}")) or "")


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
