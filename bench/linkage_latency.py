"""Online latency: link one new record against 10^4, 10^5, 10^6 people on file.

    PYTHONPATH=. /work/main/.venv/bin/python bench/linkage_latency.py [--sizes 10000,100000,1000000]
        [--splink-at 100000] [--db var/linkage_latency.sqlite3]

The history lives in the stdlib-sqlite3 reference index (``person_key`` WITHOUT ROWID, keyed on
``key``) on disk; each probe runs the full online path: blocking keys -> indexed lookups with
LIMIT -> load the candidates' records -> score -> decide. Half the probes are new mentions of
people on file (with nickname/typo/age variations), half are strangers. Splink's
``predict_between`` for one record against the same history is timed at ``--splink-at``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import date

from faker import Faker

from engines.linkage import SqliteIndex, blocking_keys, default_model, link_record, prepare
from engines.linkage._internal.blocking import record_to_json

REPORT = date(2026, 5, 1)
DRAMA_LANDLINES = [
    "020 7946 0",
    "0113 496 0",
    "0114 496 0",
    "0115 496 0",
    "0116 496 0",
    "0117 496 0",
    "0118 496 0",
    "0121 496 0",
    "0131 496 0",
    "0141 496 0",
    "0151 496 0",
    "0161 496 0",
    "0191 498 0",
]


class World:
    def __init__(self, seed: int = 1) -> None:
        fake = Faker("en_GB")
        Faker.seed(seed)
        self.rng = random.Random(seed)
        # Sorted: a set's order follows the per-process string hash seed, and the probe-only
        # replay must draw the same people as the build did.
        self.first = sorted({fake.first_name() for _ in range(3000)})
        self.last = sorted({fake.last_name() for _ in range(6000)})
        self.postcodes = [fake.postcode() for _ in range(40000)]

    def person(self, n: int) -> dict[str, str]:
        rng = self.rng
        fields = {
            "first_name": rng.choice(self.first),
            "last_name": rng.choice(self.last),
            "date_of_birth": date(
                rng.randint(1940, 2008), rng.randint(1, 12), rng.randint(1, 28)
            ).isoformat(),
            "postcode": rng.choice(self.postcodes),
            "email": f"person{n}@example.com" if rng.random() < 0.3 else "",
        }
        if rng.random() < 0.02:
            fields["phone"] = rng.choice(DRAMA_LANDLINES) + f"{rng.randint(0, 999):03d}"
        return fields

    def variant(self, fields: dict[str, str]) -> dict[str, str]:
        out = dict(fields)
        roll = self.rng.random()
        if roll < 0.3:
            out["last_name"] = out["last_name"][:-1] + "e"
        elif roll < 0.6:
            born = date.fromisoformat(out["date_of_birth"])
            out["age"], out["date_of_birth"] = str(REPORT.year - born.year - 1), ""
        out["email"] = ""
        return out


def grow(index: SqliteIndex, world: World, start: int, stop: int, kept: list) -> None:
    """Add people ``start..stop`` in bulk: build-only PRAGMAs, appends to an unindexed staging
    table in large transactions, then one sorted ``INSERT ... SELECT ... ORDER BY`` into the
    clustered ``person_key`` (sequential B-tree appends instead of random inserts)."""
    db = index.db
    db.commit()
    db.executescript(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;"
        "PRAGMA temp_store=FILE;"
        "CREATE TEMP TABLE IF NOT EXISTS key_load (key TEXT NOT NULL, person_id TEXT NOT NULL);"
        "DROP INDEX IF EXISTS person_record_pid;"
    )
    batch_keys, batch_recs = [], []
    for n in range(start, stop):
        fields = world.person(n)
        rec = prepare(fields, record_id=f"r{n}", report_date=REPORT)
        pid = f"P{n}"
        batch_keys.extend((k, pid) for k in blocking_keys(rec))
        batch_recs.append((pid, record_to_json(rec)))
        if n % 997 == 0:
            kept.append(fields)
        if len(batch_recs) >= 100000:
            db.executemany("INSERT INTO temp.key_load VALUES (?, ?)", batch_keys)
            db.executemany("INSERT INTO person_record VALUES (?, ?)", batch_recs)
            db.commit()
            batch_keys, batch_recs = [], []
    db.executemany("INSERT INTO temp.key_load VALUES (?, ?)", batch_keys)
    db.executemany("INSERT INTO person_record VALUES (?, ?)", batch_recs)
    db.commit()
    db.executescript(
        "INSERT OR IGNORE INTO person_key SELECT key, person_id FROM temp.key_load"
        " ORDER BY key, person_id;"
        "DELETE FROM temp.key_load;"
        "CREATE INDEX IF NOT EXISTS person_record_pid ON person_record(person_id);"
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-2000;"
    )


def probe(index, world, kept, model, count=1000):
    """Wall and process-CPU milliseconds per probe (on a loaded machine the wall time counts
    the waits for a core; the CPU time is the engine's own work plus SQLite's)."""
    times, cpu, decisions = [], [], {"link": 0, "review": 0, "new": 0}
    for i in range(count):
        fields = world.variant(world.rng.choice(kept)) if i % 2 == 0 else world.person(10**9 + i)
        t0, c0 = time.perf_counter(), time.process_time()
        rec = prepare(fields, record_id=f"q{i}", report_date=REPORT)
        result = link_record(rec, index, index, model)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        decisions[result.decision] += 1
    times.sort()
    cpu.sort()
    p99 = int(0.99 * len(times)) - 1
    global LAST_CPU
    LAST_CPU = (statistics.median(cpu), cpu[p99])
    return statistics.median(times), times[p99], decisions


LAST_CPU = (0.0, 0.0)


def splink_between(index: SqliteIndex, world, kept, model, probes=10):
    import logging

    from splink import DuckDBAPI, Linker

    from engines.linkage._internal.blocking import record_from_json
    from engines.linkage._internal.splink_bridge import BATCH_BLOCKING_RULES, frame, settings

    rows = index.db.execute("SELECT record FROM person_record").fetchall()
    history = frame(record_from_json(r[0]) for r in rows)
    db = DuckDBAPI()
    hist = db.register(history)
    linker = Linker(
        hist, settings(model, blocking_rules=BATCH_BLOCKING_RULES), log_level=logging.WARNING
    )
    times = []
    for i in range(probes):
        rec = prepare(world.variant(world.rng.choice(kept)), record_id=f"s{i}", report_date=REPORT)
        new = db.register(frame([rec]))
        t0 = time.perf_counter()
        linker.inference.predict_between(new, hist, warning_mode="never").as_record_list()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[-1], len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--splink-at", type=int, default=100000)
    parser.add_argument("--db", default="var/linkage_latency.sqlite3")
    parser.add_argument(
        "--probe-only",
        type=int,
        help="probe an index built earlier with this many people (no build; same world seed)",
    )
    args = parser.parse_args()
    if args.probe_only:
        # Replay the build's random draws (people, and the probes of the smaller sizes in
        # --sizes) so that the re-mentions are of people on file, as in the full run.
        world, kept, size = World(), [], 0
        for target in [int(x) for x in args.sizes.split(",") if int(x) <= args.probe_only]:
            for n in range(size, target):
                fields = world.person(n)
                if n % 997 == 0:
                    kept.append(fields)
            size = target
            if target < args.probe_only:
                for i in range(1000):
                    if i % 2 == 0:
                        world.variant(world.rng.choice(kept))
                    else:
                        world.person(10**9 + i)
        index = SqliteIndex(args.db)
        med, p99, dec = probe(index, world, kept, default_model())
        print(
            f"{args.probe_only:>10} probe-only: wall median {med:.3f} ms p99 {p99:.3f} ms;"
            f" CPU median {LAST_CPU[0]:.3f} ms p99 {LAST_CPU[1]:.3f} ms; {dec};"
            f" load {os.getloadavg()}",
            flush=True,
        )
        return
    os.makedirs(os.path.dirname(args.db) or ".", exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(args.db + suffix):
            os.remove(args.db + suffix)
    index, world, model, kept = SqliteIndex(args.db), World(), default_model(), []
    size = 0
    print(f"{'people':>10} {'build s':>8} {'median ms':>10} {'p99 ms':>8}  decisions")
    for target in (int(s) for s in args.sizes.split(",")):
        t0 = time.time()
        grow(index, world, size, target, kept)
        size, built = target, time.time() - t0
        med, p99, dec = probe(index, world, kept, model)
        print(
            f"{size:>10} {built:>8.1f} {med:>10.3f} {p99:>8.3f}  {dec}; CPU median"
            f" {LAST_CPU[0]:.3f} ms p99 {LAST_CPU[1]:.3f} ms; load {os.getloadavg()}",
            flush=True,
        )
        if size == args.splink_at:
            s_med, s_max, n = splink_between(index, world, kept, model)
            print(
                f"  splink predict_between, one record vs {n}: median {s_med:.1f} ms,"
                f" max {s_max:.1f} ms (10 probes)",
                flush=True,
            )
    print(f"db size: {os.path.getsize(args.db) / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
