"""Benchmark: dynamic signals + risk level for one course of conduct of N incidents.

Run: /work/main/.venv/bin/python bench/risk_signals.py [--incidents 500] [--runs 2000]
Prints median and p99 latency of ``signals(...)`` followed by ``assess(...)``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from engines.risk import Incident, RiskBand, assess, dash_config, score_dash, signals
from engines.vocabulary import BEHAVIOURS, RISK_CUES

AS_AT = datetime(2026, 11, 1, 12, tzinfo=UTC)


def course(n: int, seed: int = 7) -> list[Incident]:
    """A synthetic course: n incidents over about two years, thickening towards the end."""
    rng = random.Random(seed)
    behaviours, cues = sorted(BEHAVIOURS), sorted(RISK_CUES)
    out = []
    for k in range(n):
        days_ago = 730 * (1 - (k / n) ** 0.5) + rng.random()
        picked = tuple(rng.sample(cues, rng.choice([0, 0, 0, 1, 2])))
        out.append(
            Incident(
                report_id=f"R{k:05d}",
                occurred_at=AS_AT - timedelta(days=days_ago),
                suspect_id="S1",
                victim_ids=("V1",),
                behaviours=tuple(rng.sample(behaviours, rng.randint(1, 3))),
                risk_cues=picked,
                words={c: (f"words for {c}",) for c in picked},
                channel=rng.choice(["phone", "social_media", "in_person", "third_party"]),
                breached_order=rng.random() < 0.05,
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=500)
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()
    incidents = course(args.incidents)
    ids = dash_config().question_ids()
    dash = score_dash({q: ("yes" if n < 8 else "no") for n, q in enumerate(ids)})
    for _ in range(50):  # warm-up
        assess(dash, signals(incidents, AS_AT), RiskBand.STANDARD)
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        result = assess(dash, signals(incidents, AS_AT), RiskBand.STANDARD)
        times.append(time.perf_counter() - t0)
    times.sort()
    p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
    print(f"incidents={args.incidents} runs={args.runs} level={result.level}")
    print(f"median_ms={statistics.median(times) * 1000:.3f} p99_ms={p99 * 1000:.3f}")


if __name__ == "__main__":
    main()
