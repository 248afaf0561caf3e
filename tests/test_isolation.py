"""Batched runs are as trustworthy as the naive way: the same sample, alone and batched (shuffled), agrees,
and a second batched run in another order observes exactly what the first did (determinism).

Starts real browsers (slow); each available engine is checked.
"""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest

from conformance.batching import solo_reason
from conformance.browsers.base import ENGINES
from conformance.cases import load_catalogue
from conformance.runner import CaseRun
from conformance.session_runner import engine_runner, signature

pytestmark = pytest.mark.slow

CATALOGUE = load_catalogue()
HAND_WRITTEN = [c for c in CATALOGUE if not c.axes]
GENERATED = [c for c in CATALOGUE if c.axes]
# Cases that cross hosts, schemes and paths inside one case, where a shortcut would show first; requests from
# another site's page and browser restarts, which a batch does for several cases at once; text after a ";" that
# is not an attribute, which only the batch's check for cookies it cannot attribute would catch.
CROSSING = ["secure.overlay.domain-either-direction", "secure.overlay.http-cannot-shadow-on-subpath",
            "domain.parent.sent-to-subdomains", "path.example.account-login",
            "samesite.cross-site.img", "samesite.same-site.fetch", "samesite.redirect.cross-site-hop.fetch",
            "partitioned.third-party-iframe.sent-in-same-partition",
            "expiry.restart.session-dropped-persistent-kept", "expiry.restart.invalid-expires-is-session",
            "syntax.semicolon-ends-value", "syntax.unknown-attributes-ignored"]
# Cases a name suffix would change: the batched way runs them in a shared jar, each moved to sites of its own
# (those only their names keep out of a batch together, observed as a batch observes; the others one after another,
# each as alone); alone, each has a fresh jar on the sites it names.
MOVED_TOGETHER = ["syntax.nameless.leading-equals", "syntax.ctl.u0001-in-value", "limits.name-value.4097-rejected",
                  "limits.name-value.4096-kept", "prefix.nameless.host-value", "script.write.ctl-ignored"]
MOVED = [*MOVED_TOGETHER, "httponly.script-cannot-overwrite", "script.write.max-age-zero-deletes",
         "samesite.cross-site.link", "expiry.lifetime-limit.stored.max-age-ten-years",
         "samesite.cross-site.img.3pc-allowed"]
CROSSING += MOVED
PICKED = [c for c in HAND_WRITTEN if c.id in CROSSING]
assert len(PICKED) == len(CROSSING), "a case id in CROSSING no longer exists"
SAMPLE = PICKED + random.Random(6265).sample([c for c in HAND_WRITTEN if c not in PICKED], 24) + random.Random(
    2).sample(GENERATED, 12)


Runs = dict[str, CaseRun]


def run_all(engine: str) -> tuple[Runs, Runs, Runs] | str:
    with engine_runner(SAMPLE) as runner:
        if not runner.available(engine):
            return f"{engine} is not available here: {runner.pool.infos[engine].install}"
        return (runner.alone(engine, SAMPLE), runner.batched(engine, SAMPLE, shuffle_seed=1),
                runner.batched(engine, SAMPLE, shuffle_seed=2))


@pytest.mark.parametrize("engine", ENGINES)
def test_batched_results_equal_results_alone(engine: str) -> None:
    # Its own thread: Playwright's sync API refuses a thread where pytest-playwright already runs a loop.
    with ThreadPoolExecutor(1) as pool:
        outcome = pool.submit(run_all, engine).result()
    if isinstance(outcome, str):
        pytest.skip(outcome)
    alone, batched, again = outcome
    # Determinism: a second batched run, in another order, observes exactly the same.
    changed = [f"{cid}: first {signature(batched[cid])} / second {signature(again[cid])}"
               for cid in batched if signature(batched[cid]) != signature(again[cid])]
    assert not changed, "\n".join(changed)
    differ = [f"{cid}: alone {signature(alone[cid])} / batched {signature(batched[cid])}"
              for cid in alone if signature(alone[cid]) != signature(batched[cid])]
    assert not differ, "\n".join(differ)
    errors = [f"{r.case_id}: {r.message}" for r in alone.values() if r.status == "ERROR"]
    assert len(errors) <= 1, errors
    # Every case the planner may batch really ran batched (the others have a reason to run alone).
    batchable = {c.id for c in SAMPLE if solo_reason(c) is None}
    assert len(batchable) >= len(SAMPLE) // 2
    not_batched = sorted(cid for cid in batchable if batched[cid].mode == "alone" and batched[cid].status != "SKIP")
    assert not not_batched, not_batched
    not_moved = [f"{cid}: {batched[cid].mode}: {batched[cid].message}" for cid in MOVED
                 if "sites of its own" not in batched[cid].mode and batched[cid].status != "SKIP"]
    assert not not_moved, not_moved
    apart = [f"{cid}: {batched[cid].mode}" for cid in MOVED if batched[cid].status != "SKIP"
             and ("as a batch observes" in batched[cid].mode) != (cid in MOVED_TOGETHER)]
    assert not apart, apart
