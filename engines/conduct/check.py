"""``python -m engines.conduct.check FILE``: agreement of the engine with a recording-case file.

Prints one line per case (agree or DISAGREE with the differences) and the total; exits 1 on
any disagreement, 2 if the file cannot be read.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from engines.conduct import run_case_file


def main(argv: Sequence[str] | None = None) -> int:
    """Run the check; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m engines.conduct.check FILE", file=sys.stderr)
        return 2
    try:
        report = run_case_file(args[0])
    except (OSError, ValueError) as exc:
        print(f"cannot read {args[0]}: {exc}", file=sys.stderr)
        return 2
    for r in report.results:
        print(f"{r.id}: {'agree' if r.agree else 'DISAGREE'}")
        if r.error:
            print(f"    invalid case: {r.error}")
        for line in r.diff:
            print(f"    {line}")
    print(f"{report.agreed}/{report.total} agree (rules {report.ruleset_version})")
    return 0 if report.agreed == report.total else 1


if __name__ == "__main__":
    raise SystemExit(main())
