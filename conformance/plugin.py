"""pytest wiring: one test item per case × engine (``path.default.last-slash[firefox]``), results and report at the end.

Engines come from pytest-playwright's ``--browser`` option (all three when it is not given); ``--headed`` and
``--browser-channel`` are honoured too. ``--report-dir`` (default ``out/``) receives results.json, report.html.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conformance.batching import Batch, Plan, plan
from conformance.browsers.base import ENGINES, EngineInfo
from conformance.browsers.network import NetworkConfig
from conformance.cases import CASES_DIR, Case, CaseFileError, load_file
from conformance.engines import EnginePool
from conformance.expectations import EXPECTATIONS_DIR, Expectation, expected_for, load_expectations
from conformance.runner import CaseRun
from conformance.units import run_unit
from conformance.workers import EngineWorkers

STATE = pytest.StashKey["RunState"]()


@dataclass
class Outcome:
    run: CaseRun
    expectation: Expectation


@dataclass
class RunState:
    config: pytest.Config
    engines: list[str]
    started: str = ""
    servers: Any = None
    pool: EnginePool | None = None
    workers: EngineWorkers | None = None
    selected: list[Case] = field(default_factory=list)
    cases: dict[str, Case] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    areas: set[str] = field(default_factory=set)
    batch_of: dict[str, Batch] = field(default_factory=dict)
    layout: Plan | None = None  # the batches and solo cases of the selected cases (None with --alone)
    done: dict[tuple[str, str], CaseRun] = field(default_factory=dict)
    expectations: dict[str, dict[str, Expectation]] = field(default_factory=dict)

    def ensure_started(self) -> None:
        if self.servers is not None or self.workers is not None:
            return
        opt = self.config.getoption
        headless = not opt("headed", False)
        channel = opt("browser_channel", None)
        if not opt("one_engine_at_a_time"):  # one engine too: its worker gets the private network (conformance.netns)
            self.workers = EngineWorkers(self.engines, self.selected, alone=bool(opt("alone")),
                                         case_timeout=float(opt("case_timeout")), headless=headless, channel=channel)
            return
        from servers.runtime import ReferenceServers

        hosts = {h for c in self.cases.values() for h in c.hosts()} | (self.layout.hosts() if self.layout else set())
        self.servers = ReferenceServers(hosts)
        ep = self.servers.start()
        self.pool = EnginePool(NetworkConfig("127.0.0.1", ep.proxy_port, ep.ca_pem), headless=headless,
                               channel=channel)

    def engine_info(self, engine: str) -> EngineInfo:
        """The engine's info (starting it, or its worker, on first use); ``available`` says if it runs here."""
        self.ensure_started()
        if self.workers is not None:
            return self.workers.info(engine)
        assert self.pool is not None
        self.pool.activate(engine)
        return self.pool.infos[engine]

    @property
    def infos(self) -> dict[str, EngineInfo]:
        if self.workers is not None:
            return {e: w.info for e, w in self.workers.workers.items() if w.info is not None}
        return self.pool.infos if self.pool else {}

    def result(self, case: Case, engine: str) -> CaseRun:
        """The run of ``case`` in ``engine``; the first case of a batch runs the whole batch."""
        if self.workers is not None:
            return self.workers.result(engine, case.id)
        key = (engine, case.id)
        if key not in self.done:
            assert self.pool is not None and self.servers is not None
            runs = run_unit(case, self.batch_of.get(case.id), self.pool, self.servers.registry, engine,
                            float(self.config.getoption("case_timeout")))
            for run in runs:
                self.done[(engine, run.case_id)] = run
        return self.done.pop(key)

    def stop(self) -> None:
        if self.workers is not None:
            self.workers.stop()
        if self.pool is not None:
            self.pool.close()
        if self.servers is not None:
            self.servers.stop()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("cookie-conformance")
    group.addoption("--report-dir", default="out", help="where results.json and report.html are written (default out/)")
    group.addoption("--cases-dir", default=str(CASES_DIR), help="the case catalogue to collect (default: shipped)")
    group.addoption("--expectations-dir", default=str(EXPECTATIONS_DIR), help="per-engine known deviations")
    group.addoption("--case-timeout", type=float, default=30.0,
                    help="seconds one case may take (a batch gets this plus 1 s per case) before its browser is killed "
                         "(default 30: a case alone takes about 1 s, its waits 3.5 s at most)")
    group.addoption("--alone", action="store_true",
                    help="run every case alone in a fresh jar (the naive way; slow) instead of in shared batches")
    group.addoption("--one-engine-at-a-time", action="store_true",
                    help="run the engines one after the other in this process (default: each in a worker process of "
                         "its own, all at once)")
    group.addoption("--previous-results", default=None, help="a results.json of an earlier run, to report what changed")


def selected_engines(config: pytest.Config) -> list[str]:
    chosen = config.getoption("browser", None) or list(ENGINES)
    unknown = [b for b in chosen if b not in ENGINES]
    if unknown:
        raise pytest.UsageError(f"unknown engine {unknown[0]!r}: use --browser with one of {', '.join(ENGINES)}")
    return list(dict.fromkeys(chosen))


def pytest_configure(config: pytest.Config) -> None:
    config.stash[STATE] = RunState(config, selected_engines(config))
    # Selenium's own deprecation notices are not the suite's business.
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:selenium.*")


def _is_case_file(path: Path, cases_dir: Path) -> bool:
    return path.suffix == ".toml" and cases_dir in path.resolve().parents


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if _is_case_file(file_path, Path(parent.config.getoption("cases_dir")).resolve()):
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    def collect(self) -> list[pytest.Item]:
        try:
            cases = load_file(self.path)
        except CaseFileError as e:
            raise self.CollectError(str(e)) from None
        state = self.config.stash[STATE]
        items: list[pytest.Item] = []
        for case in cases:
            if case.area not in state.areas:
                state.areas.add(case.area)
                self.config.addinivalue_line("markers", f"{case.area}: cookie cases of the {case.area} area")
            state.cases[case.id] = case
            for engine in state.engines:
                item = CaseItem.from_parent(self, name=f"{case.id}[{engine}]", case=case, engine=engine)
                item.add_marker(case.area)
                items.append(item)
        return items

    class CollectError(Exception):
        pass

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:  # type: ignore[override]
        if isinstance(excinfo.value, self.CollectError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))


class CaseFailure(Exception):
    pass


class CaseItem(pytest.Item):
    def __init__(self, *, case: Case, engine: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.engine = engine

    def runtest(self) -> None:
        state = self.config.stash[STATE]
        info = state.engine_info(self.engine)
        if not info.available:
            run = CaseRun(self.case.id, self.engine, "SKIP", message=f"{self.engine} not available: {info.reason}; "
                          f"install with: {info.install}")
        else:
            run = state.result(self.case, self.engine)
        if self.engine not in state.expectations:
            directory = Path(self.config.getoption("expectations_dir"))
            state.expectations[self.engine] = load_expectations(self.engine, directory)
        table = state.expectations[self.engine]
        version = info.version
        expectation = expected_for(table, self.case.id, version)
        state.outcomes.append(Outcome(run, expectation))
        verdict = expectation.verdict(run.status)
        if run.status == "SKIP":
            pytest.skip(run.message)
        if verdict.unexpected:
            raise CaseFailure(self._explain(run, expectation))
        if run.status != "PASS":
            pytest.xfail(f"known deviation: {expectation.reason}")

    def _explain(self, run: CaseRun, expectation: Expectation) -> str:
        lines = [f"{self.case.id} [{self.engine}]: {run.status}, expected {expectation.status}"
                 + (f" (known deviation: {expectation.reason})" if expectation.status != "PASS" else ""),
                 f"  {self.case.title}  ({self.case.level}, {self.case.anchor_url})",
                 f"  requirement: {self.case.requirement}"]
        for p in run.probes:
            mark = "ok  " if p.ok else "DIFF"
            lines.append(f"  {mark} {p.kind:8} {p.url}")
            lines.append(f"         expected: {p.expected!r}\n         observed: {p.observed!r}")
        if run.message and run.status != "FAIL":
            lines.append(f"  {run.message}")
        return "\n".join(lines)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:  # type: ignore[override]
        # A known deviation (xfail) needs no traceback either: pytest would parse the source of every frame,
        # about 0.1 s of CPU per xfail, most of the run's own CPU with hundreds of known deviations.
        if isinstance(excinfo.value, CaseFailure | pytest.xfail.Exception):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = int(self.case.source.rsplit(":", 1)[1]) - 1
        return self.path, line, f"{self.case.id} [{self.engine}]"


@pytest.hookimpl(trylast=True)  # after -k / -m deselection: plan only what runs
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, CaseItem) and item.engine == config.stash[STATE].engines[0]:
            if item.case.id in seen and seen[item.case.id] != item.case.source:
                raise pytest.UsageError(f"{item.case.source}: duplicate case id {item.case.id!r} "
                                        f"(first defined at {seen[item.case.id]})")
            seen[item.case.id] = item.case.source
    state = config.stash[STATE]
    selected = list({i.case.id: i.case for i in items if isinstance(i, CaseItem)}.values())
    state.selected = selected
    rank: dict[str, int] = {}
    if not config.getoption("alone"):
        layout = state.layout = plan(selected)
        for batch in layout.batches:
            for case in batch.cases:
                state.batch_of[case.id] = batch
                rank[case.id] = batch.number
    order = {e: n for n, e in enumerate(state.engines)}
    # Batches, then cases alone, then variants that need a differently configured browser (one switch).
    items.sort(key=lambda i: (order.get(i.engine, -1), rank.get(i.case.id, (1 << 31) if i.case.browser else 1 << 30))
               if isinstance(i, CaseItem) else (-1, 0))


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> bool | None:
    """With engine workers, each item is reported as soon as its result is in, whichever engine it belongs to, so
    the items of engines that finished early are not left for the end of the run (2,848 items of WebKitGTK took
    3 s after Firefox, the last to finish, was done). Each engine's items keep their order. Otherwise pytest's loop.
    """
    state = session.config.stash[STATE]
    if session.testsfailed and not session.config.option.continue_on_collection_errors:
        return None  # pytest's own loop stops the run with its message
    if session.config.option.collectonly or not session.items:
        return None
    state.ensure_started()
    workers = state.workers
    if workers is None:
        return None
    queues: dict[str, deque[CaseItem]] = {engine: deque() for engine in state.engines}
    others: deque[pytest.Item] = deque()
    for item in session.items:
        if isinstance(item, CaseItem) and item.engine in queues:
            queues[item.engine].append(item)
        else:
            others.append(item)

    def next_item() -> pytest.Item | None:
        if others:
            return others.popleft()
        while any(queues.values()):
            for queue in queues.values():
                if queue and workers.ready(queue[0].engine, queue[0].case.id):
                    return queue.popleft()
            time.sleep(0.02)
        return None

    item = next_item()
    while item is not None:
        following = next_item()  # pytest tears down what ``following`` does not share with ``item``
        item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
        if session.shouldfail:
            raise session.Failed(session.shouldfail)
        if session.shouldstop:
            raise session.Interrupted(session.shouldstop)
        item = following
    return True


def pytest_sessionstart(session: pytest.Session) -> None:
    from reports.results import now_iso

    session.config.stash[STATE].started = now_iso()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = session.config.stash[STATE]
    try:
        state.stop()
    finally:
        if state.outcomes:
            from conformance.report_io import write_outputs

            write_outputs(state, Path(session.config.getoption("report_dir")))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = config.stash[STATE]
    if not state.outcomes:
        return
    from conformance.report_io import terminal_lines

    for line in terminal_lines(state, Path(config.getoption("report_dir"))):
        terminalreporter.write_line(line)

