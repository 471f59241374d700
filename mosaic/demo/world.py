"""The synthetic demo world (engines.synth, ``demo=True``, fixed seed), imported into the demo.

The synth engine's fictional forces are Northmoor (NMP) and Southvale (SVC); the personas
work in Northshire (NS) and Westshire (WS). The demo re-badges the world's forces as the
personas' and maps the units the personas sit in (the stalking unit onto PPU, response onto
RESP, CID onto CID), so the people you sign in as own its cases. Other units keep their
role under the persona force's code (``NS-NPT``, ``WS-OCU``). Nothing else is changed.
"""

from __future__ import annotations

import json
from pathlib import Path

from engines.synth import write_world
from mosaic.accounts.models import User
from mosaic.interchange.actions import import_job_create, import_job_run
from mosaic.interchange.models import ImportJob, JobStatus, OtherForces
from mosaic.interchange.reading import file_sha256

SEED = 1
FORCES = {"NMP": "NS", "SVC": "WS"}
UNITS = {"NMP-DAU": "PPU", "NMP-RESP": "RESP", "SVC-CID": "CID"}


def _unit(code: str) -> str:
    force, _, rest = code.partition("-")
    return UNITS.get(code) or f"{FORCES.get(force, force)}-{rest}"


def write_demo_world(folder: Path) -> Path:
    """Write the demo world under ``folder`` and its re-badged import file; returns that file."""
    write_world(folder / "synth", seed=SEED, demo=True, reports=300, progress=False)
    target = folder / "import"
    target.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((folder / "synth" / "world.json").read_text(encoding="utf-8"))
    for force in manifest["forces"]:
        force["code"] = FORCES.get(force["code"], force["code"])
        force["units"] = [{"code": _unit(u["code"]), "name": u["name"]} for u in force["units"]]
    (target / "world.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    with (
        (folder / "synth" / "reports.jsonl").open(encoding="utf-8") as source,
        (target / "reports.jsonl").open("w", encoding="utf-8", newline="\n") as out,
    ):
        for line in source:
            record = json.loads(line)
            record["force_code"] = FORCES[record["force_code"]]
            record["unit_code"] = _unit(record["unit_code"])
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    return target / "reports.jsonl"


def import_demo_world(path: Path, admins: list[User]) -> int:
    """Import the demo world once per force (as its administrator, with the intake steps);
    a force that imported this very file before is left alone. Returns reports added."""
    sha, added = file_sha256(path), 0
    for admin in admins:
        done = ImportJob.objects.filter(
            force_id=admin.force_id or 0, sha256=sha, status=JobStatus.DONE
        )
        if done.exists():
            continue
        job = import_job_create(actor=admin, path=path, process=True, other_forces=OtherForces.SKIP)
        added += import_job_run(actor=admin, job=job).accepted
    return added
