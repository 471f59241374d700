"""Intake throughput: N reports through ``POST /api/reports`` into a fresh database.

    python bench/intake_api.py --reports 10000                       # SQLite file (WAL, FULL)
    python bench/intake_api.py --reports 10000 --postgres postgres://postgres@127.0.0.1:5432/test

Requests go through Django's test client in-process (the full middleware, authentication,
validation, normalisation, action and audit chain; no network), each one its own transaction,
as an officer with an API token. Prints reports per second, per-request latency and
per-request thread CPU time.

``--linked`` names each repeating suspect and victim by the public id of the person created by
their first report (as an officer who knows who this is would), so the reports about one pair
form a course of conduct (20 reports per pair at 10,000 reports) until the linkage engine
resolves them by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _fresh_postgres(url: str) -> str:
    """A new empty database ``mosaic_bench`` on the server named by ``url``."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS mosaic_bench")
        conn.execute("CREATE DATABASE mosaic_bench")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/mosaic_bench"))


def _payload(i: int) -> dict[str, object]:
    day = 1 + i % 28
    return {
        "occurred_from": f"2026-{1 + i % 9:02d}-{day:02d}T19:{i % 60:02d}:00+00:00",
        "reported_at": f"2026-{1 + i % 9:02d}-{day:02d}T21:00:00+00:00",
        "channel": "call_101",
        "narrative": (
            f"Report {i}: the caller says he sent messages all evening and was seen outside "
            "her house at about eight. She has asked him to stop and is frightened."
        ),
        "location": {"address": f"{i % 200} Example Street", "postcode": "NB3 4QT"},
        "people": [
            {
                "role": "victim",
                "name": f"Victim Number{i}",
                "identifiers": [{"type": "phone", "value": f"07700 900{i % 1000:03d}"}],
            },
            {
                "role": "suspect",
                "name": f"Suspect Person{i % 500}",
                "identifiers": [
                    {"type": "phone", "value": f"+44 7700 900{(i * 7) % 1000:03d}"},
                    {"type": "handle", "value": f"@suspect_{i % 500}", "platform": "instagram"},
                ],
            },
        ],
    }


def _name_known_people(payload: dict[str, object], refs: tuple[str, str]) -> None:
    people = payload["people"]
    assert isinstance(people, list)
    people[0] = {"role": "victim", "person": refs[0], "name": people[0]["name"]}
    people[1] = {"role": "suspect", "person": refs[1], "name": people[1]["name"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--postgres", help="PostgreSQL server URL (a fresh mosaic_bench is made)")
    parser.add_argument("--linked", action="store_true", help="name repeat people by their ref")
    args = parser.parse_args()

    os.environ["MOSAIC_DEV"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "mosaic.config.settings"
    workdir = tempfile.mkdtemp(prefix="mosaic-bench-")
    if args.postgres:
        os.environ["DATABASE_URL"] = _fresh_postgres(args.postgres)
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["MOSAIC_SQLITE_PATH"] = str(Path(workdir) / "bench.sqlite3")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from mosaic.accounts.models import ApiToken
    from mosaic.demo.cast import ensure_personas

    call_command("migrate", verbosity=0)
    officer = ensure_personas("bench-password-not-secret", check_password=False)["officer"]
    token, digest = ApiToken.new_secret()
    ApiToken.objects.create(user=officer, name="bench", digest=digest)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    payloads = [_payload(i) for i in range(args.reports)]
    refs: dict[int, tuple[str, str]] = {}
    latencies, cpu = [], []
    started = time.perf_counter()
    for i, payload in enumerate(payloads):
        if args.linked and i % 500 in refs:
            _name_known_people(payload, refs[i % 500])
        body = json.dumps(payload)
        t0, c0 = time.perf_counter(), time.thread_time()
        response = client.post("/api/reports", body, content_type="application/json")
        latencies.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
        if response.status_code != 201:
            raise SystemExit(f"unexpected {response.status_code}: {response.content[:300]!r}")
        if args.linked and i % 500 not in refs:
            people = response.json()["people"]
            refs[i % 500] = (people[0]["person"]["ref"], people[1]["person"]["ref"])
    elapsed = time.perf_counter() - started
    latencies.sort()
    cpu.sort()
    print(
        f"database: {connection.vendor} ({connection.settings_dict['NAME']})  linked: {args.linked}"
    )
    rate = args.reports / elapsed
    print(f"reports: {args.reports}  elapsed: {elapsed:.1f} s  rate: {rate:.0f} reports/s")
    print(
        f"per request: median {statistics.median(latencies) * 1000:.2f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99) - 1] * 1000:.2f} ms"
    )
    # Thread CPU time: this process's own work, less disturbed by other jobs on the machine
    # (it excludes waiting for the disk and for the CPU).
    print(
        f"CPU per request: median {statistics.median(cpu) * 1000:.2f} ms, "
        f"p99 {cpu[int(len(cpu) * 0.99) - 1] * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
