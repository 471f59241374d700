"""The rejects of a job as files: the refused lines as written (fix them and import that file
again) and the reasons, one per line, in a CSV a spreadsheet opens."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from io import StringIO

from mosaic.interchange.models import ImportJob


def rejected_lines(job: ImportJob) -> Iterator[str]:
    """The refused lines, as read, one per line (JSON Lines to fix and re-import)."""
    for text in job.rejects.order_by("line", "pk").values_list("text", flat=True).iterator():
        if text:
            yield text + "\n"


def reasons_csv(job: ImportJob) -> Iterator[str]:
    """``line,source_ref,reason`` for every refused line, header first."""
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["line", "source_ref", "reason"])
    rows = job.rejects.order_by("line", "pk").values_list("line", "source_ref", "reason")
    for row in rows.iterator():
        writer.writerow(row)
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
