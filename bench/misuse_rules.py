"""Measure the misuse rules on synthetic forces: scenarios caught and benign staff flagged.

.venv/bin/python bench/misuse_rules.py --seeds 1 2 3 4 5 6
"""

from __future__ import annotations

import argparse
import time

from engines.misuse import detect, synth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5, 6])
    parser.add_argument("--staff", type=int, default=400)
    args = parser.parse_args()
    print("| Seed | Accesses | Scenarios caught | Benign flagged | Detect time |")
    print("|---|---|---|---|---|")
    for seed in args.seeds:
        world = synth.world(seed=seed, n_staff=args.staff)
        started = time.perf_counter()
        alerts = detect(world.trail, world.staff, world.subjects)
        took = time.perf_counter() - started
        caught = sum(
            any(
                a.actor == s.actor and a.rule == s.kind and set(s.accesses) & set(a.evidence)
                for a in alerts
            )
            for s in world.scenarios
        )
        misusers = {s.actor for s in world.scenarios}
        benign = len({a.actor for a in alerts} - misusers) / (len(world.staff) - len(misusers))
        print(
            f"| {seed} | {len(world.trail):,} | {caught}/{len(world.scenarios)} "
            f"| {benign:.2%} | {took:.2f} s |"
        )


if __name__ == "__main__":
    main()
