"""``mosaic import FILE --as USER``: import reports in the import format v1, with a progress bar.

Re-running the same file resumes an interrupted job (or, once done, changes nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from mosaic.accounts.models import User
from mosaic.interchange.actions import BATCH, import_job_create, import_job_run
from mosaic.interchange.models import ImportJob, OtherForces
from mosaic.interchange.reading import file_sha256
from mosaic.interchange.rejects import reasons_csv, rejected_lines


class Command(BaseCommand):
    help = "Import reports (JSON Lines file, or a folder of the five CSV files) into your force."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="reports.jsonl, or a folder of CSV files")
        parser.add_argument("--as", dest="username", required=True, help="a force administrator")
        parser.add_argument("--process", action="store_true", help="run intake steps per report")
        parser.add_argument(
            "--skip-other-forces", action="store_true", help="count other forces' rows as skipped"
        )
        parser.add_argument("--rejects", type=Path, help="write rejected lines here (+ .csv)")
        parser.add_argument("--batch", type=int, default=BATCH, help="records per transaction")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"path: {path} does not exist")
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"--as: no user {options['username']!r}")
        job = self._job(user, path, options)
        bar = tqdm(
            total=job.bytes_total,
            initial=job.bytes_done,
            unit="B",
            unit_scale=True,
            disable=options["quiet"],
            desc=job.ref,
        )

        def progress(current: ImportJob) -> None:
            bar.update(current.bytes_done - bar.n)
            bar.set_postfix(accepted=current.accepted, rejected=current.rejected)

        job = import_job_run(actor=user, job=job, progress=progress, batch_size=options["batch"])
        bar.close()
        self._summary(job, options["rejects"])

    def _job(self, user: User, path: Path, options: dict[str, Any]) -> ImportJob:
        unfinished = ImportJob.objects.unfinished().filter(
            force_id=user.force_id or 0, sha256=file_sha256(path), created_by=user
        )
        job = unfinished.order_by("-pk").first()
        if job is not None:
            self.stderr.write(f"Resuming {job.ref} after line {job.lines_done}.")
            return job
        other = OtherForces.SKIP if options["skip_other_forces"] else OtherForces.REJECT
        try:
            return import_job_create(
                actor=user, path=path.resolve(), process=options["process"], other_forces=other
            )
        except PermissionDenied as error:
            raise CommandError(str(error)) from error

    def _summary(self, job: ImportJob, rejects: Path | None) -> None:
        self.stdout.write(
            f"{job.ref}: {job.accepted} accepted, {job.unchanged} unchanged, "
            f"{job.skipped} skipped, {job.rejected} rejected (lines read: {job.lines_done})."
        )
        if job.error:
            raise CommandError(job.error)
        if job.rejected and rejects is not None:
            rejects.write_text("".join(rejected_lines(job)), encoding="utf-8")
            rejects.with_suffix(".csv").write_text("".join(reasons_csv(job)), encoding="utf-8")
            self.stdout.write(f"Rejected lines: {rejects}; reasons: {rejects.with_suffix('.csv')}")
        elif job.rejected:
            for reject in job.rejects.all()[:20]:
                self.stdout.write(f"  line {reject.line}: {reject.reason}")
