"""Bulk import throughput: N generated reports (engines.synth) into a fresh database.

    python bench/import_reports.py --reports 100000                   # SQLite file (WAL, FULL)
    python bench/import_reports.py --reports 100000 --postgres postgres://postgres@127.0.0.1:5432/postgres
    python bench/import_reports.py --reports 1000000 --world var/bench-1m   # reuse a written world
    python bench/import_reports.py --reports 10000 --profile var/import.prof  # cProfile the import

Writes the world (seed 1, one force, JSON Lines) unless ``--world`` holds one, then imports it
with ``mosaic.interchange`` exactly as ``mosaic import`` does (20,000 records a transaction,
bulk inserts, one audit event a batch, no per-report intake steps) as each force's
administrator. Prints reports per second of import time (generation not counted).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _fresh_postgres(url: str, name: str) -> str:
    """A new empty database ``name`` on the server named by ``url``."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _setup(args: argparse.Namespace, workdir: str) -> None:
    os.environ["MOSAIC_DEV"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "mosaic.config.settings"
    os.environ["MOSAIC_VAR_DIR"] = workdir
    if args.postgres:
        os.environ["DATABASE_URL"] = _fresh_postgres(args.postgres, args.db_name)
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["MOSAIC_SQLITE_PATH"] = str(Path(workdir) / "bench.sqlite3")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _admins(world: Path) -> list[Any]:
    import json

    from mosaic.accounts.actions import user_create
    from mosaic.accounts.models import Force, Role, Unit

    admins = []
    for force in json.loads((world / "world.json").read_text())["forces"]:
        home = Force.objects.create(code=force["code"], name=force["name"])
        unit = Unit.objects.create(force=home, code="ADMIN", name="Force administration")
        admins.append(
            user_create(
                actor=None,
                username=f"admin-{force['code']}",
                password="x" * 20,
                role=Role.FORCE_ADMIN,
                unit=unit,
                check_password=False,
            )
        )
    return admins


def _tracer(args: argparse.Namespace) -> Any:
    """Every ``--every`` reports: the rate over the last stretch (wall and CPU), to show
    whether the import slows as the tables grow."""
    last = [0, time.perf_counter(), time.process_time()]

    def trace(job: Any) -> None:
        if job.accepted - last[0] >= args.every:
            wall, cpu = time.perf_counter(), time.process_time()
            done = job.accepted - last[0]
            print(
                f"  {job.accepted:>9,} reports: last {done:,} at {done / (wall - last[1]):,.0f}/s"
                f" wall, {done / (cpu - last[2]):,.0f} per CPU-second;"
                f" load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            last[:] = [job.accepted, wall, cpu]

    return trace if args.every else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--postgres", help="PostgreSQL server URL (a fresh database on it)")
    parser.add_argument(
        "--db-name", default="mosaic_import_bench", help="the PostgreSQL database to (re)create"
    )
    parser.add_argument("--profile", type=Path, help="write a cProfile of the import here")
    parser.add_argument("--world", type=Path, help="folder holding (or to hold) the world")
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--every", type=int, default=0, help="print the rate every N reports")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="mosaic-import-bench-")
    world = args.world or Path(workdir) / "world"
    if not (world / "reports.jsonl").exists():
        from engines.synth import write_world

        started = time.perf_counter()
        write_world(world, seed=1, reports=args.reports, forces=1, progress=False)
        print(f"generated {args.reports} reports in {time.perf_counter() - started:.1f} s")
    _setup(args, workdir)
    from mosaic.interchange.actions import import_job_create, import_job_run
    from mosaic.interchange.models import OtherForces

    admins = _admins(world)
    profile = None
    if args.profile:
        import cProfile

        profile = cProfile.Profile(time.process_time)  # CPU, not wall (shared machine)
        profile.enable()
    total, started, cpu = 0, time.perf_counter(), time.process_time()
    for admin in admins:
        job = import_job_create(
            actor=admin,
            path=world / "reports.jsonl",
            other_forces=OtherForces.SKIP,
        )
        job = import_job_run(actor=admin, job=job, batch_size=args.batch, progress=_tracer(args))
        total += job.accepted
        assert job.rejected == 0, list(job.rejects.values_list("line", "reason")[:5])
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"{backend}: imported {total} reports in {seconds:.1f} s = {total / seconds:,.0f}/s")
    # On a shared machine wall time includes waiting for the CPU; this process's CPU time
    # (SQLite runs in-process; PostgreSQL's server work is not in it) shows the cost itself.
    print(f"  this process's CPU time {cpu:.1f} s = {total / cpu:,.0f} reports per CPU-second")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS {peak:.0f} MiB; load average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
