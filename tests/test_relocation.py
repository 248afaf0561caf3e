"""Moving a case to sites of its own renames its sites and nothing else, and only cases it cannot change move."""

from __future__ import annotations

from conformance.batching import observable_from_one_page, plan, solo_reason
from conformance.cases import Case, Probe, Step, load_catalogue
from conformance.relocation import Relocation, movable


def case(*lines: str, url: str = "https://www.site.test/", expect: str = "", **extra: object) -> Case:
    return Case(id="demo.x", title="t", area="demo", anchor="a", level="MUST", requirement="r",
                steps=(Step("set", url, tuple(lines)),),
                probes=(Probe("header", url, expect),), source="f:1", **extra)  # type: ignore[arg-type]


def test_sites_are_renamed_with_their_length_and_letter_case() -> None:
    r = Relocation(7)
    line = "=v; Domain=.SITE.test; Path=/site.test/x"
    moved = r.forward(line)
    assert moved == "=v; Domain=.ZAAH.test; Path=/zaah.test/x"
    assert len(moved) == len(line)
    assert r.forward("https://sub.www.other.test:8443/a") == "https://sub.www.zaaah.test:8443/a"
    assert r.back(moved) == line
    # Names that merely contain a site name are left alone.
    assert r.forward("website.test mysite.test.example site.tester") == "website.test mysite.test.example site.tester"


def test_a_moved_case_keeps_names_values_and_expectations() -> None:
    original = case("=nameless; Domain=site.test", expect="nameless")
    moved = Relocation(3).case(original)
    assert moved.steps[0].url == "https://www.zaad.test/"
    assert moved.steps[0].lines == ("=nameless; Domain=zaad.test",)
    assert moved.probes[0].expect == "nameless"
    assert moved.id == original.id


def test_only_cases_whose_every_test_name_is_a_moved_site_move() -> None:
    assert movable(case("=v; Domain=.site.test"))
    assert movable(case("a=1", url="http://other.test/x"))
    assert not movable(case("a=1; Domain=ite.test"))  # tests the dot boundary: renaming would change it
    assert not movable(case("a=1; Domain=test"))
    assert not movable(case("a=1", url="https://www.example.com/"))
    assert not movable(case("a=1; Domain=zaab.test"))  # would collide with a moved site
    restart = Case(id="demo.r", title="t", area="demo", anchor="a", level="MUST", requirement="r",
                   steps=(Step("set", "https://www.site.test/", ("a=1",)), Step("restart")),
                   probes=(Probe("header", "https://www.site.test/", "a=1"),), source="f:1")
    assert not movable(restart)


def test_the_plan_moves_cases_that_must_run_alone_each_to_sites_of_its_own() -> None:
    cases = load_catalogue()
    layout = plan(cases)
    moved = [(b, slot, c) for b in layout.batches if b.moved for slot, c in enumerate(b.cases)]
    assert len(moved) >= 50
    assert all(solo_reason(c) and movable(c) for _, _, c in moved)
    numbers = [b.relocation(slot).number for b, slot, _ in moved]
    assert len(set(numbers)) == len(numbers)
    # A moved batch holds cases of one browser configuration.
    for b in layout.batches:
        if b.moved:
            assert len({tuple(sorted(c.browser.items())) for c in b.cases}) == 1
    hosts = layout.hosts()
    for b, slot, c in moved:
        assert b.relocation(slot).hosts(c) <= hosts
    # What cannot move still runs alone in a fresh jar.
    assert all(not movable(c) for c, _ in layout.solo)


def test_only_cases_kept_apart_by_their_names_alone_are_observed_together() -> None:
    """Moved cases observed as a batch observes are those a suffix on their names would change and nothing else:
    not a script write over an earlier cookie, a jar read, a link or a form, a browser variant."""
    by_id = {c.id: c for c in load_catalogue()}
    for cid in ("syntax.nameless.leading-equals", "syntax.ctl.u0001-in-value", "limits.name-value.4097-rejected"):
        assert solo_reason(by_id[cid]) and observable_from_one_page(by_id[cid]), cid
    for cid in ("httponly.script-cannot-overwrite", "script.write.max-age-zero-deletes", "samesite.cross-site.link",
                "expiry.lifetime-limit.stored.max-age-ten-years", "samesite.cross-site.img.3pc-allowed"):
        assert not observable_from_one_page(by_id[cid]), cid
