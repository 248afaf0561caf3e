"""One engine's share of a conformance run, in a process of its own, so that the engines of a run go at once.

``python -m conformance.engine_worker --engine firefox --case-file F ... --ids IDS --out OUT.jsonl`` starts its
own reference servers and the engine, runs the selected cases in the order given (batched, as the plugin
plans them, or each alone with ``--alone``) and appends one JSON line per event to OUT: first
``{"info": EngineInfo}``, then ``{"run": CaseRun}`` per case as it finishes, last ``{"done": true}``.
SIGTERM and SIGINT stop it cleanly: browsers, driver and servers are closed before it exits.
The pytest plugin starts one per engine and reads their lines (see ``conformance.workers``).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path
from typing import Any, TextIO

from conformance import netns
from conformance.batching import Batch, plan
from conformance.browsers.network import NetworkConfig
from conformance.cases import Case, load_file
from conformance.engines import EnginePool
from conformance.units import run_unit


def _emit(out: TextIO, record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def selected_cases(case_files: list[Path], ids: list[str]) -> list[Case]:
    by_id = {c.id: c for path in case_files for c in load_file(path)}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise SystemExit(f"engine worker: unknown case id {missing[0]!r} (not in the case files given)")
    return [by_id[i] for i in ids]


def run(engine: str, cases: list[Case], out: TextIO, *, alone: bool, case_timeout: float, headless: bool,
        channel: str | None) -> None:
    from servers.runtime import ReferenceServers

    layout = plan(cases)
    if alone:
        units: list[tuple[Case, Batch | None]] = [(c, None) for c in cases]
    else:  # the plugin's order: batches first, then the cases that must run alone
        units = [(b.cases[0], b) for b in layout.batches] + [(c, None) for c, _ in layout.solo]
    # Variants that need a differently configured browser last, so the engine switches configuration once.
    units.sort(key=lambda unit: bool(unit[0].browser))
    servers = ReferenceServers({h for c in cases for h in c.hosts()} | (set() if alone else layout.hosts()))
    pool: EnginePool | None = None
    try:
        ep = servers.start()
        pool = EnginePool(NetworkConfig("127.0.0.1", ep.proxy_port, ep.ca_pem), headless=headless, channel=channel)
        started = pool.activate(engine)
        pool.infos[engine].settings["network"] = netns.describe()
        _emit(out, {"info": pool.infos[engine].to_json()})
        if started is None:
            return
        for case, batch in units:
            for r in run_unit(case, batch, pool, servers.registry, engine, case_timeout):
                _emit(out, {"run": r.to_json()})
        _emit(out, {"done": True})
    finally:
        try:
            if pool is not None:
                pool.close()
        finally:
            servers.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.engine_worker", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", required=True)
    parser.add_argument("--case-file", type=Path, action="append", required=True)
    parser.add_argument("--ids", type=Path, required=True, help="a file of case ids, one per line, in run order")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--case-timeout", type=float, default=30.0)
    parser.add_argument("--alone", action="store_true")
    parser.add_argument("--headed", action="store_true")
    parser.add_argument("--channel", default=None)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    ids = [line for line in args.ids.read_text(encoding="utf-8").splitlines() if line]
    cases = selected_cases(args.case_file, ids)
    with args.out.open("a", encoding="utf-8") as out:
        try:
            run(args.engine, cases, out, alone=args.alone, case_timeout=args.case_timeout,
                headless=not args.headed, channel=args.channel)
        except KeyboardInterrupt:
            return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
