"""Kill -9 a real ``mosaic import`` mid-way, run it again: exactly one clean import's rows."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engines.synth import write_world

pytestmark = pytest.mark.slow
SETUP = (
    "from mosaic.accounts.actions import user_create;"
    "from mosaic.accounts.models import Force, Role, Unit;"
    "u = Unit.objects.create(force=Force.objects.create(code='NMP', name='N'), code='HQ');"
    "user_create(actor=None, username='admin', password='x' * 20, role=Role.FORCE_ADMIN,"
    " unit=u, check_password=False)"
)
COUNTS = (
    "select (select count(*) from reports_report), (select count(distinct source_ref) from "
    "reports_report), (select count(*) from reports_mention), (select count(*) from "
    "people_identifier), (select count(*) from interchange_importedassessment)"
)


def mosaic(db: Path, *args: str, wait: bool = True) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "MOSAIC_DEV": "1",
        "MOSAIC_VAR_DIR": str(db.parent),
        "MOSAIC_SQLITE_PATH": str(db),
    }
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE"):  # the real settings, on SQLite
        env.pop(name, None)
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and command, fixed arguments
        [sys.executable, "-m", "mosaic.cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if wait:
        assert proc.wait(timeout=600) == 0
    return proc


def fresh(db: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    mosaic(db, "migrate", "-v0")
    mosaic(db, "shell", "-c", SETUP)


def lines_done(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            row = conn.execute("select max(lines_done) from interchange_importjob").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0] or 0)


def test_killed_import_then_rerun_equals_one_clean_import(tmp_path):
    write_world(tmp_path / "w", seed=5, reports=3000, forces=1, progress=False)
    world = str(tmp_path / "w" / "reports.jsonl")
    killed, clean = tmp_path / "a" / "db.sqlite3", tmp_path / "b" / "db.sqlite3"
    fresh(killed)
    proc = mosaic(killed, "import", world, "--as", "admin", "--quiet", "--batch", "100", wait=False)
    while lines_done(killed) < 600 and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < lines_done(killed) < 3000
    mosaic(killed, "import", world, "--as", "admin", "--quiet", "--batch", "100")
    fresh(clean)
    mosaic(clean, "import", world, "--as", "admin", "--quiet")
    with sqlite3.connect(killed) as a, sqlite3.connect(clean) as b:
        assert a.execute(COUNTS).fetchone() == b.execute(COUNTS).fetchone()
        assert a.execute(COUNTS).fetchone()[0] == 3000
