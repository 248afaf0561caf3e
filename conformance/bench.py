"""``python -m conformance.bench``: the same sample of cases run the naive way and the suite's way, per engine.

Naive: every case alone in a fresh jar, one navigation per step and probe. Suite: batched (see
``conformance/batching.py``). Prints, per engine, both wall times (browser start included), their ratio, and
the peak memory of the browser processes (sum of the resident sizes of every process the run started).

The suite's time is mostly fixed (browser start, and the page loads of the sites its cases visit: 55 pages for
120 cases, 66 for 400, 84 for the whole catalogue), so the ratio grows with the sample; the default, 400 cases
(one in seven of the catalogue), is the smallest that shows what a full run gains without taking an hour.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time

from conformance import netns
from conformance.browsers.base import ENGINES
from conformance.cases import load_catalogue
from conformance.processes import descendants
from conformance.session_runner import EngineRunner, signature


class PeakMemory:
    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, sum(rss for _, rss in descendants().values()))

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.bench", description=__doc__)
    parser.add_argument("--sample", type=int, default=400,
                        help="number of cases in the sample (default 400; the naive way takes about 15 min of it here)")
    parser.add_argument("--browser", action="append", choices=ENGINES, help="engine (repeatable; default all)")
    parser.add_argument("--seed", type=int, default=6265)
    args = parser.parse_args(argv)
    if netns.prefix():  # both ways in the network the suite's engine workers get (see conformance.netns)
        os.execvp("unshare", [*netns.prefix(), sys.executable, "-m", "conformance.bench",
                              *(sys.argv[1:] if argv is None else argv)])
    print(f"network: {netns.describe()}")
    catalogue = [c for c in load_catalogue() if not c.needs_restart]
    sample = random.Random(args.seed).sample(catalogue, min(args.sample, len(catalogue)))
    print(f"sample: {len(sample)} cases ({sum(bool(c.axes) for c in sample)} generated), seed {args.seed}")
    print(f"{'engine':10} {'naive s':>9} {'suite s':>9} {'ratio':>7} {'naive ms/case':>14} {'suite ms/case':>14}"
          f" {'peak MiB naive':>15} {'peak MiB suite':>15} {'same results':>13}")
    for engine in args.browser or list(ENGINES):
        row = {}
        results = {}
        for mode in ("naive", "suite"):
            with PeakMemory() as memory:
                started = time.monotonic()
                runner = EngineRunner(sample)
                try:
                    if not runner.available(engine):
                        print(f"{engine:10} not available: {runner.pool.infos[engine].install}")
                        break
                    runs = runner.alone(engine, sample) if mode == "naive" else runner.batched(engine, sample)
                finally:
                    runner.close()
                row[mode] = (time.monotonic() - started, memory.peak)
                results[mode] = {k: signature(v) for k, v in runs.items()}
        if len(row) < 2:
            continue
        (naive, mem_n), (suite, mem_s) = row["naive"], row["suite"]
        same = results["naive"] == results["suite"]
        print(f"{engine:10} {naive:9.1f} {suite:9.1f} {naive / suite:6.1f}x {naive / len(sample) * 1000:14.0f}"
              f" {suite / len(sample) * 1000:14.0f} {mem_n / 2**20:15.0f} {mem_s / 2**20:15.0f} {str(same):>13}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
