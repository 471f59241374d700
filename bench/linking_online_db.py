"""One report linked against N people stored in the app's own tables (``PersonKey``,
``PersonRecord``): the synchronous linkage step's engine + database time.

    python bench/linking_online_db.py --people 10000 100000
    python bench/linking_online_db.py --people 10000 100000 --postgres postgres://postgres@127.0.0.1:5432/postgres
        [--bench-db mosaic_linkbench]

People are synthetic (Faker en_GB names, e-mails on example.com, no phones: the
Ofcom drama range has only 1,000 numbers). Each probe is a variant of a stored person (nickname
or typo, same date of birth) or a stranger; the timed call is ``engines.linkage.link_record``
over ``mosaic.linking.engine.DbIndex`` / ``DbStore`` (retrieval by key, records, scoring).
Records are stored and probed as the app holds them: identifiers as keyed tokens
(``mosaic.linking.protect.protect``). Wall time and this process's CPU time are reported per
probe; on PostgreSQL the server's own CPU time is not in the process figure.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import faker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Faker's en_GB names (fictional by construction), drawn once: realistic name frequencies.
_FAKE = faker.Faker("en_GB")
_FAKE.seed_instance(2026)
FIRST = [_FAKE.first_name() for _ in range(3000)]
LAST = [_FAKE.last_name() for _ in range(3000)]


def _fresh_postgres(url: str, name: str) -> str:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _fields(i: int) -> dict[str, str]:
    rng = random.Random(i)  # person i is the same whenever it is drawn
    return {
        "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "date_of_birth": f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1950 + i % 50}",
        "email": f"p{i}@example.com",
        "postcode": f"NB{1 + i % 9} {i % 10}QT",
    }


def populate(n: int, start: int) -> None:
    """Store people ``start .. n-1`` (one mention, record and key set each) in batches."""
    from engines.linkage import blocking_keys, prepare, record_to_json
    from mosaic.linking.models import PersonKey, PersonRecord
    from mosaic.linking.protect import protect
    from mosaic.people.models import Person
    from mosaic.reports.models import Mention, Report

    report = Report.objects.get(reference="BENCH")
    for lo in range(start, n, 5000):
        hi = min(n, lo + 5000)
        recs = [protect(prepare(_fields(i), record_id=str(i))) for i in range(lo, hi)]
        people = Person.objects.bulk_create([Person(display_name=str(i)) for i in range(lo, hi)])
        mentions = Mention.objects.bulk_create(
            [Mention(report=report, role="suspect", person=p) for p in people]
        )
        PersonRecord.objects.bulk_create(
            [
                PersonRecord(person=p, mention=m, record_json=record_to_json(r))
                for p, m, r in zip(people, mentions, recs, strict=True)
            ]
        )
        PersonKey.objects.bulk_create(
            [
                PersonKey(key=k, person=p)
                for p, r in zip(people, recs, strict=True)
                for k in set(blocking_keys(r))
            ]
        )


scored: list[int] = []  # candidates scored per probe (the cost that grows with history)
cpu: list[float] = []  # this process's CPU seconds per probe
decisions: dict[str, int] = {}


def probe(n: int, runs: int) -> list[float]:
    """Time ``link_record`` for ``runs`` probes against the ``n`` people stored."""
    from engines.linkage import link_record, prepare
    from mosaic.linking.engine import DbStore, current_model, generic_values, index_for
    from mosaic.linking.protect import protect

    rng, model, times = random.Random(7), current_model(), []
    scored.clear()
    cpu.clear()
    decisions.clear()
    decisions.update(link=0, review=0, new=0)
    for k in range(runs):
        i = rng.randrange(n)
        fields = _fields(i)
        fields["full_name"] = fields["full_name"][:-1]  # a typo in the surname
        fields["email"] = "" if k % 2 else fields["email"]  # half without the shared e-mail
        if k % 4 == 3:
            fields = _fields(10**8 + k)  # a stranger
        record = protect(prepare(fields, record_id="probe"))
        t0, c0 = time.perf_counter(), time.process_time()
        result = link_record(record, index_for(record), DbStore(), model, generic=generic_values())
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        scored.append(len(result.candidates))
        decisions[result.decision] += 1
    cpu.sort()
    return sorted(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--postgres", help="PostgreSQL server URL (a fresh database is made)")
    parser.add_argument(
        "--bench-db",
        default="mosaic_linkbench",
        help="name of the PostgreSQL database the bench drops and makes afresh",
    )
    parser.add_argument(
        "--probe-only",
        action="store_true",
        help="PostgreSQL: probe the --people already stored in --bench-db by an earlier run"
        " (no drop, no load)",
    )
    parser.add_argument(
        "--analyze", action="store_true", help="PostgreSQL: ANALYZE the linkage tables first"
    )
    args = parser.parse_args()
    if args.probe_only and not args.postgres:
        parser.error("--probe-only needs --postgres (the SQLite bench database is temporary)")
    os.environ["MOSAIC_DEV"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "mosaic.config.settings"
    if args.probe_only:
        url = urlsplit(args.postgres)._replace(path=f"/{args.bench_db}")
        os.environ["DATABASE_URL"] = urlunsplit(url)
    elif args.postgres:
        os.environ["DATABASE_URL"] = _fresh_postgres(args.postgres, args.bench_db)
    else:
        os.environ.pop("DATABASE_URL", None)
        path = Path(tempfile.mkdtemp(prefix="mosaic-linkbench-")) / "bench.sqlite3"
        os.environ["MOSAIC_SQLITE_PATH"] = str(path)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if not args.probe_only:
        call_command("migrate", verbosity=0)
        _bench_report()
    if args.analyze and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE linking_personkey, linking_personrecord")
    stored = max(args.people) if args.probe_only else 0
    for n in sorted(args.people):
        t0 = time.perf_counter()
        if n > stored:
            populate(n, stored)
            stored = n
        load = time.perf_counter() - t0
        times = probe(n, args.runs)
        at99 = int(len(times) * 0.99) - 1
        median, p99 = statistics.median(times), times[at99]
        print(
            f"{connection.vendor}: {n:>9,} people (loaded in {load:.0f} s): link_record "
            f"wall median {median * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms; "
            f"CPU median {statistics.median(cpu) * 1000:.2f} ms, p99 {cpu[at99] * 1000:.2f} ms; "
            f"candidates scored: mean {statistics.mean(scored):.0f}, max {max(scored)}; "
            f"{decisions}; load {os.getloadavg()}",
            flush=True,
        )


def _bench_report() -> None:
    from django.utils import timezone

    from mosaic.demo.cast import ensure_personas
    from mosaic.reports.models import Report

    officer = ensure_personas("bench-password-not-secret", check_password=False)["officer"]
    unit = officer.unit
    assert unit is not None  # the cast's officer belongs to a unit
    now = timezone.now()
    Report.objects.create(
        reference="BENCH",
        force_id=unit.force_id,
        unit=unit,
        recorded_by=officer,
        reported_at=now,
        occurred_from=now,
        channel="import",
        narrative="bench",
    )


if __name__ == "__main__":
    main()
