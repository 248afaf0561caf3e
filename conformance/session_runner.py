"""Runs a list of cases on one engine outside pytest: the suite's way (batched) or the naive way (each alone, in a
new browser context or session of its own).

Used by the benchmark and by the isolation tests; the pytest plugin does the same through its items.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

from conformance.batch_runner import run_batch
from conformance.batching import moved_hosts, plan
from conformance.browsers.base import Session
from conformance.browsers.network import NetworkConfig
from conformance.cases import Case
from conformance.engines import EnginePool
from conformance.runner import CaseRun, run_case
from servers.runtime import ReferenceServers


class EngineRunner:
    """Reference servers plus one engine pool, for running cases directly."""

    def __init__(self, cases: list[Case], headless: bool = True) -> None:
        hosts = {h for c in cases for h in c.hosts()} | moved_hosts(cases)  # in any order they are planned
        self.servers = ReferenceServers(hosts)
        ep = self.servers.start()
        self.pool = EnginePool(NetworkConfig("127.0.0.1", ep.proxy_port, ep.ca_pem), headless=headless)

    def available(self, engine: str) -> bool:
        return self.pool.activate(engine) is not None

    def _open(self, engine: str):  # type: ignore[no-untyped-def]
        def open_session(restartable: bool) -> Session:
            return self.pool.session(engine, restartable)

        return open_session

    def alone(self, engine: str, cases: list[Case]) -> dict[str, CaseRun]:
        self.pool.activate(engine)
        return {c.id: run_case(c, self._open(engine), self.servers.registry, engine) for c in cases}

    def batched(self, engine: str, cases: list[Case], shuffle_seed: int | None = None) -> dict[str, CaseRun]:
        self.pool.activate(engine)
        order = list(cases)
        if shuffle_seed is not None:
            random.Random(shuffle_seed).shuffle(order)
        layout = plan(order)
        runs: dict[str, CaseRun] = {}
        for batch in layout.batches:
            for run in run_batch(batch, self._open(engine), self.servers.registry, engine, f"{engine[:2]}x"):
                runs[run.case_id] = run
        for case, _ in layout.solo:
            runs[case.id] = run_case(case, self._open(engine), self.servers.registry, engine, reuse_jar=True)
        return runs

    def close(self) -> None:
        try:
            self.pool.close()
        finally:
            self.servers.stop()


@contextmanager
def engine_runner(cases: list[Case], headless: bool = True) -> Iterator[EngineRunner]:
    runner = EngineRunner(cases, headless)
    try:
        yield runner
    finally:
        runner.close()


def signature(run: CaseRun) -> tuple[str, tuple[tuple[str, str | None], ...]]:
    """What must be identical between two honest runs of a case: the status and every observed value."""
    return run.status, tuple((p.kind + " " + p.url, p.observed) for p in run.probes)
