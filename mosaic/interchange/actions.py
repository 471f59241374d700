"""Every write of bulk import and export goes through here: one transaction, one audit event.

A job is imported in batches (``BATCH`` records each). Each batch is one transaction that
stores its reports, updates the job's counters and writes one DPA "collection" event: a
crash loses at most the batch in flight, never part of a record, and running the job again
resumes after the last committed line.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from mosaic.accounts.models import Role, User
from mosaic.audit.models import Operation
from mosaic.audit.trail import write_event
from mosaic.interchange.access import reports_exportable_by
from mosaic.interchange.checking import Checked, check_batch
from mosaic.interchange.exporting import record_of
from mosaic.interchange.models import ImportJob, ImportReject, JobForm, JobStatus, OtherForces
from mosaic.interchange.reading import Reject, Row, file_sha256, read_csv, read_jsonl
from mosaic.interchange.storing import Batch
from mosaic.reports.models import Report, ReportQuerySet
from mosaic.reports.pipeline import process_new_report

BATCH = 20_000
# SQLite during an import: page cache (KiB; a million reports' random-order indexes are a few
# hundred MB) and WAL pages between automatic checkpoints (default 1,000).
SQLITE_CACHE_KIB = int(os.environ.get("MOSAIC_IMPORT_CACHE_KIB", 1024 * 1024))
SQLITE_CHECKPOINT_PAGES = int(os.environ.get("MOSAIC_IMPORT_CHECKPOINT_PAGES", 25_000))
SQLITE_SYNC_NORMAL = 1
GC_RECORDS = 100_000
Progress = Callable[[ImportJob], None]


def may_import(user: User) -> bool:
    """Force administrators import into their own force (and nobody else does)."""
    return bool(user.is_active and user.role == Role.FORCE_ADMIN and user.unit is not None)


def uploads_dir() -> Path:
    """Where uploaded files and rejects files are kept (under ``MOSAIC_VAR_DIR``)."""
    return Path(settings.VAR_DIR) / "imports"


@transaction.atomic
def import_job_create(
    *,
    actor: User,
    path: Path,
    source_name: str = "",
    process: bool = False,
    other_forces: str = OtherForces.REJECT,
) -> ImportJob:
    """Register a file (JSON Lines, or a folder of the five CSV files) for import into the
    actor's force. The file stays where it is; the web upload copies it under ``var/`` first."""
    if not may_import(actor):
        raise PermissionDenied("only a force administrator imports reports")
    assert actor.unit is not None
    form = JobForm.CSV if path.is_dir() else JobForm.JSONL
    size = (path / "reports.csv").stat().st_size if path.is_dir() else path.stat().st_size
    job = ImportJob.objects.create(
        force_id=actor.unit.force_id,
        created_by=actor,
        source_name=source_name or path.name,
        path=str(path),
        form=form,
        sha256=file_sha256(path),
        process=process,
        other_forces=other_forces,
        bytes_total=size,
    )
    write_event(
        actor=actor,
        operation=Operation.COLLECTION,
        action="import_job_create",
        target_type="import_job",
        target_id=job.ref,
        details={"file": job.source_name, "sha256": job.sha256, "form": form},
    )
    return job


@transaction.atomic
def import_batch_store(*, actor: User, job: ImportJob, rows: list[Row | Reject]) -> ImportJob:
    """Store one batch of rows for a job: the good records whole, the bad ones refused with
    their line and reason, the counters moved on; one audit event for the batch."""
    if connection.vendor == "postgresql":
        # This batch's commit returns before its WAL is flushed: a server crash can lose the
        # last batches whole (never part of one) and the job's counters with them, so the
        # job re-imports them when run again. Everything else keeps synchronous commits.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    checked: Checked = check_batch(job, rows)
    batch = Batch(actor=actor, force=job.force)
    for row, unit in checked.accepted:
        batch.add(row, unit)
    keys = batch.save([row.record for row, _ in checked.accepted])
    if job.process:
        for report in Report.objects.filter(pk__in=keys).order_by("pk"):
            process_new_report(actor=actor, report=report)
    ImportReject.objects.bulk_create(
        ImportReject(job=job, line=r.line, source_ref=r.source_ref, reason=r.reason, text=r.text)
        for r in checked.rejects
    )
    _count(job, rows, checked)
    refs = [row.record.source_ref for row, _ in checked.accepted]
    write_event(
        actor=actor,
        operation=Operation.COLLECTION,
        action="import_batch_store",
        target_type="import_job",
        target_id=job.ref,
        details={
            "lines": [rows[0].line, rows[-1].line] if rows else [],
            "reports": len(keys),
            "first_ref": refs[0] if refs else "",
            "last_ref": refs[-1] if refs else "",
            "rejected": len(checked.rejects),
        },
    )
    return job


def _count(job: ImportJob, rows: list[Row | Reject], checked: Checked) -> None:
    job.lines_done = rows[-1].line if rows else job.lines_done
    job.bytes_done = max(job.bytes_done, rows[-1].offset if rows else 0)
    job.accepted += len(checked.accepted)
    job.unchanged += checked.unchanged
    job.skipped += checked.skipped
    job.rejected += len(checked.rejects)
    job.status = JobStatus.RUNNING
    job.save()


def _batches(rows: Iterable[Row | Reject], size: int) -> Iterable[list[Row | Reject]]:
    batch: list[Row | Reject] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_job_run(
    *, actor: User, job: ImportJob, progress: Progress | None = None, batch_size: int = BATCH
) -> ImportJob:
    """Import (or resume) a job to the end, one transaction per batch."""
    path = Path(job.path)
    read = read_csv if job.form == JobForm.CSV else read_jsonl
    try:
        with _bulk_settings():
            batches = _batches(read(path, after_line=job.lines_done), batch_size)
            for n, rows in enumerate(batches, start=1):
                job = import_batch_store(actor=actor, job=job, rows=rows)
                if n % max(1, GC_RECORDS // batch_size) == 0:
                    gc.collect(1)  # any cyclic garbage (automatic collection is off)
                if progress:
                    progress(job)
    except OSError as error:
        return import_job_finish(actor=actor, job=job, error=f"could not read the file: {error}")
    return import_job_finish(actor=actor, job=job)


@contextmanager
def _bulk_settings() -> Iterator[None]:
    """While a job runs: no automatic cyclic garbage collection, and (SQLite) a larger page
    cache, rarer WAL checkpoints and ``synchronous=NORMAL``; the old settings afterwards.

    Each batch is still one atomic transaction. With ``synchronous=NORMAL`` in WAL mode a
    commit is not fsynced at once (the WAL is, at checkpoints), so a power cut or operating
    system crash can roll back the last batches, never part of one; the job's counters roll
    back with them, so running the job again re-imports exactly those batches (the same
    argument as PostgreSQL's ``synchronous_commit = off`` in :func:`import_batch_store`).
    :func:`import_job_finish` commits with ``FULL`` again, and its fsync of the WAL makes every
    batch before it durable: a job reported done is on disk. (Each per-batch fsync wrote the
    batch's share of random-order index pages, about 30 MB a batch at a million reports.)

    A batch allocates millions of short-lived tuples and strings, none of them in cycles
    (collections during a 30,000-report import found nothing to free), and the cyclic
    collector ran every few hundred allocations, each time walking the batch's live rows (a
    tenth of an import's CPU time even with a higher threshold): it is off while the job
    runs, which collects the young generations itself every ``GC_RECORDS`` records.

    Several indexes take keys in random order (people's ref, the keyed blind indexes of
    identifiers and postcodes, names), so a batch touches pages all over them:
    SQLite's default 2 MiB cache cannot keep them, and checkpointing every 1,000 WAL pages
    (4 MiB) writes the same index pages back to the database file again and again.
    """
    collecting = gc.isenabled()
    gc.disable()
    before: list[tuple[str, int]] = []
    if connection.vendor == "sqlite":
        pragmas = [
            ("cache_size", -SQLITE_CACHE_KIB),
            ("wal_autocheckpoint", SQLITE_CHECKPOINT_PAGES),
        ]
        if not connection.in_atomic_block:  # (SQLite refuses it inside a transaction)
            pragmas.append(("synchronous", SQLITE_SYNC_NORMAL))
        with connection.cursor() as cursor:
            for pragma, value in pragmas:
                (old,) = cursor.execute(f"PRAGMA {pragma}").fetchone()
                before.append((pragma, int(old)))
                cursor.execute(f"PRAGMA {pragma} = {int(value)}")
    try:
        yield
    finally:
        if collecting:
            gc.enable()
        if before:
            with connection.cursor() as cursor:
                for pragma, old in before:
                    cursor.execute(f"PRAGMA {pragma} = {old}")


@transaction.atomic
def import_job_finish(*, actor: User, job: ImportJob, error: str = "") -> ImportJob:
    """Close a job with its summary (or the error that stopped it)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    job.status = JobStatus.FAILED if error else JobStatus.DONE
    job.error = error[:500]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    write_event(
        actor=actor,
        operation=Operation.COLLECTION,
        action="import_job_finish",
        target_type="import_job",
        target_id=job.ref,
        details={
            "accepted": job.accepted,
            "unchanged": job.unchanged,
            "skipped": job.skipped,
            "rejected": job.rejected,
            "error": job.error,
        },
    )
    return job


@transaction.atomic
def reports_export(
    *,
    actor: User,
    out: IO[str],
    recipient: str,
    reason: str,
    unit_code: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> int:
    """Write the actor's force's reports (of one unit, reported within the dates, if given) to
    ``out`` as format v1 JSON Lines; one DPA "disclosure" event names the recipient."""
    if not may_import(actor):
        raise PermissionDenied("only a force administrator exports reports")
    if not recipient.strip() or not reason.strip():
        raise ValueError("an export names its recipient and its reason")
    reports = _export_selection(actor, unit_code, date_from, date_to)
    refs = []
    for report in reports.iterator(chunk_size=BATCH):
        record = record_of(report)
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        refs.append(record["source_ref"])
    write_event(
        actor=actor,
        operation=Operation.DISCLOSURE,
        action="reports_export",
        target_type="export",
        target_id=unit_code or "force",
        reason=reason,
        recipient=recipient,
        details={
            "reports": len(refs),
            "unit": unit_code,
            "from": date_from.isoformat() if date_from else "",
            "to": date_to.isoformat() if date_to else "",
            "first_ref": refs[0] if refs else "",
            "last_ref": refs[-1] if refs else "",
        },
    )
    return len(refs)


def _export_selection(
    actor: User, unit_code: str, date_from: date | None, date_to: date | None
) -> ReportQuerySet:
    reports = reports_exportable_by(actor)
    if unit_code:
        reports = reports.filter(unit__code=unit_code)
    if date_from:
        reports = reports.filter(reported_at__date__gte=date_from)
    if date_to:
        reports = reports.filter(reported_at__date__lte=date_to)
    return (
        reports.select_related("force", "unit", "location")
        .prefetch_related(
            "mentions__identifiers", "mentions__address", "imported_orders", "imported_assessments"
        )
        .order_by("reported_at", "pk")
    )
