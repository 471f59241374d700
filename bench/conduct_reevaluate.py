"""Re-evaluating a course of 500 reports after one new report (target: <= 5 ms engine time).

Run: /work/main/.venv/bin/python bench/conduct_reevaluate.py [--reports 500] [--runs 300]

Builds one synthetic course (one suspect, one victim, 500 reports over about 80 days with mixed
behaviours, messages and offences), assembles it once, then times ``reevaluate`` (validate the
new report, re-decide the whole course, recompute clocks and flags). Prints median and p99.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from engines.conduct import ConductReport, assemble, reevaluate

BEHAVIOURS = ["contacting", "following", "loitering", "watching_spying", "third_party_contact"]
MESSAGES = [None, "none", "grossly_offensive", "indecent"]
CLASSES = ["none", "malicious_communications", "harassment", "concern_for_welfare", "asb"]


def report(i: int, start: datetime, rng: random.Random) -> ConductReport:
    occurred = start + timedelta(hours=4 * i)
    return ConductReport(
        id=f"R{i:04d}",
        occurred_from=occurred,
        reported_at=occurred + timedelta(hours=2),
        recorded_at=occurred + timedelta(hours=rng.choice([3, 30])),
        victims=["V1"],
        suspects=["S1"],
        ages={"V1": 34, "S1": 37},
        behaviours=[rng.choice(BEHAVIOURS)],
        effects=["alarm_or_distress"],
        message=rng.choice(MESSAGES),
        offences=["149/00"] if i % 50 == 0 else [],
        recorded_classification=rng.choice(CLASSES),
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=500)
    ap.add_argument("--runs", type=int, default=300)
    args = ap.parse_args()
    rng = random.Random(7)
    start = datetime(2026, 4, 1, 8, tzinfo=UTC)
    reports = [report(i, start, rng) for i in range(args.reports)]
    t0 = time.perf_counter()
    [course] = assemble(reports)
    full_ms = (time.perf_counter() - t0) * 1000
    new = report(args.reports, start, rng)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(args.runs):
        t, c = time.perf_counter_ns(), time.thread_time_ns()
        out = reevaluate(course, new)
        cpu.append((time.thread_time_ns() - c) / 1e6)
        wall.append((time.perf_counter_ns() - t) / 1e6)
    print(f"course of {args.reports} reports; full assemble {full_ms:.1f} ms")
    # Wall time suffers from other jobs on a shared machine; thread CPU time is the engine's.
    for name, xs in (("wall", wall), ("cpu", cpu)):
        xs.sort()
        p99 = xs[min(len(xs) - 1, int(len(xs) * 0.99))]
        print(
            f"reevaluate +1 report ({name}): median {statistics.median(xs):.2f} ms, "
            f"p99 {p99:.2f} ms, runs {args.runs}"
        )
    print(
        f"decision: {[c.class_ for c in out.decision.crimes]}; flags: {[f.code for f in out.flags]}"
    )


if __name__ == "__main__":
    main()
