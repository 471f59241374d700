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
  audit-verify    check the access trail's hash chain for tampering
  recording-check check a recording-case file against the crime recording rules

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
