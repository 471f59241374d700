#!/usr/bin/env python3
"""Fallback advisory check when pip-audit's per-release lookups are unavailable.

pip-audit's PyPI service asks ``https://pypi.org/pypi/<name>/<version>/json`` for each pin.
Where that endpoint is not served (some mirrors and proxies serve only the project JSON) every
package comes back "not found on PyPI" and nothing is audited. PyPI's *project* JSON
(``/pypi/<name>/json``) carries the same advisory list, but only for the latest release, so
this audits exactly the pins that are the latest release and names every pin it could not
audit. Standard library only; reads requirements.lock (``name==version`` lines).

Exit status: 1 when a known vulnerability is found, else 0; the summary line says how many
pins were audited, and ``AUDIT_STRICT=1`` makes an incomplete audit exit 2.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

BASE = os.environ.get("PYPI_JSON_URL", "https://pypi.org/pypi")


def pins(path: str) -> list[tuple[str, str]]:
    found = []
    with open(path, encoding="utf-8") as lines:
        text = lines.read().splitlines()
    for line in text:
        line = line.split("#", 1)[0].split(";", 1)[0].strip()
        if "==" in line and not line.startswith("-"):
            name, version = line.split("==", 1)
            found.append((name.strip(), version.strip()))
    return found


def _newer(a: str, b: str) -> bool:
    """a > b for plain numeric versions (pre-releases and odd versions count as not newer)."""
    try:
        return tuple(map(int, a.split("."))) > tuple(map(int, b.split(".")))
    except ValueError:
        return False


def check(pin: tuple[str, str]) -> tuple[str, str, str, list[str]]:
    """(name, version, outcome, vulnerability ids); outcome is audited, not-latest or error."""
    name, version = pin
    url = f"{BASE}/{name}/json"
    try:
        with urllib.request.urlopen(url, timeout=20) as answer:  # noqa: S310 - PyPI by default; PYPI_JSON_URL for tests
            data = json.load(answer)
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        return name, version, f"error: {exc}", []
    latest = data.get("info", {}).get("version", "")
    if latest != version:
        # Not an audit, but worth knowing: is the pin the newest patch of its x.y series?
        series = ".".join(version.split(".")[:2]) + "."
        newer = [v for v in data.get("releases", {}) if v.startswith(series) and _newer(v, version)]
        patch = f"newer {series}x: {', '.join(sorted(newer))}" if newer else f"newest {series}x"
        return name, version, f"not-latest (latest is {latest}; {patch})", []
    vulns = [v.get("id", "?") for v in data.get("vulnerabilities") or []]
    return name, version, "audited", vulns


def main() -> int:
    pinned = pins(sys.argv[1] if len(sys.argv) > 1 else "requirements.lock")
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(check, pinned))
    audited = [r for r in results if r[2] == "audited"]
    vulnerable = [r for r in audited if r[3]]
    unaudited = [r for r in results if r[2] != "audited"]
    for name, version, _, ids in vulnerable:
        print(f"VULNERABLE {name}=={version}: {', '.join(ids)}")
    for name, version, outcome, _ in unaudited:
        print(f"not audited {name}=={version}: {outcome}")
    print(
        f"fallback (PyPI project JSON): audited {len(audited)} of {len(results)} pins "
        f"(the latest releases), {len(vulnerable)} with known vulnerabilities, "
        f"{len(unaudited)} NOT audited"
    )
    if vulnerable:
        return 1
    if unaudited and os.environ.get("AUDIT_STRICT") == "1":
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
