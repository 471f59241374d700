"""Background work: importing an uploaded file (django-tasks; immediate in development)."""

from __future__ import annotations

from django_tasks import task

from mosaic.interchange.actions import import_job_run
from mosaic.interchange.models import ImportJob


@task()
def import_job_task(job_id: int) -> str:
    """Import (or resume) one job; a finished job is left as it is, so running twice is safe."""
    job = ImportJob.objects.select_related("created_by", "force").get(pk=job_id)
    if job.finished:
        return job.status
    return import_job_run(actor=job.created_by, job=job).status
