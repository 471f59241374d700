"""The ``mosaic`` command: Django's management commands with Mosaic's own listed first.

``mosaic audit-verify`` and ``mosaic audit_verify`` are the same command: hyphens read better
on a command line, underscores are what Python modules need.
"""

from __future__ import annotations

import os
import sys

USAGE = """\
usage: mosaic <command> [options]

Mosaic: casework for stalking and harassment.

Getting started
  demo            set up a demonstration database (synthetic people only) and serve it
  serve           serve Mosaic over HTTP (waitress)
  migrate         create or update the database tables

Data
  createuser      create a user in a unit with a role
  import          import reports (import format v1: JSON Lines or CSV) into your force
  export          export your force's reports in the import format (audited disclosure)
  synth           write a seeded synthetic world of reports (with its ground truth)
  audit-verify    check the access trail's hash chain for tampering
  link-file       link a CSV of mentions into persons (MENTIONS.csv --out CLUSTERS.csv)
  relink          re-link the stored history in one batch (stable person ids)
  recording-check check a recording-case file against the crime recording rules
  tag-text        tag a JSON Lines file of accounts with the narrative engine (no database)
  export-corrections  officers' tag reviews as narrative evaluation data (JSON Lines)
  rotate-field-keys  re-encrypt fields still under an older key (MOSAIC_FIELD_KEYS)
  rebuild-blind-indexes  recompute keyed indexes after MOSAIC_FIELD_INDEX_KEY changes
  misuse-scan     look for possible misuse in the access trail; notify data protection

Every Django management command also works (`mosaic help --commands` lists them all);
`mosaic <command> --help` explains one. Settings come from the environment: see
docs/configuration.md.
"""


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``mosaic`` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.config.settings")
    if not args or args[0] in ("-h", "--help"):
        print(USAGE)
        return
    if not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mosaic", *args])


if __name__ == "__main__":
    main()
