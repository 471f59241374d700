"""Evaluate the narrative engine on its labelled set (engines/narrative/eval/).

Prints per-code precision/recall for "happened" hits, micro and macro averages for the dev and
held-out splits, how many negated/hypothetical/reported/historical labels were kept out of
"happened", and identifier extraction precision/recall.

    python bench/narrative_eval.py [--split all|dev|heldout] [--errors]
    python bench/narrative_eval.py --set narratives_fresh7.jsonl [--set sentences_fresh7.jsonl]
    python bench/narrative_eval.py --set path/to/any.jsonl --per-code

``--set`` takes a file name in engines/narrative/eval/ or a path; it may be given more than
once, and each file is scored on its own (all its rows, whatever their ``split``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engines.narrative import tag
from engines.vocabulary import BEHAVIOURS, RISK_CUES

EVAL = Path(__file__).resolve().parent.parent / "engines" / "narrative" / "eval"
CODES = [*BEHAVIOURS, *RISK_CUES]


def _path(name: str) -> Path:
    """A file of eval/ by name, or any path."""
    given = Path(name)
    if given.exists():
        return given
    if (EVAL / name).exists():
        return EVAL / name
    raise SystemExit(f"--set {name}: no such file here or in {EVAL}")


def load(name: str, required: tuple[str, str] = ("text", "labels")) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(_path(name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row[required[0]], str) or not isinstance(row[required[1]], list):
                raise TypeError(f"{required[0]} must be a string and {required[1]} a list")
        except (ValueError, KeyError, TypeError) as exc:
            raise SystemExit(f"{name} line {number}: not a labelled row ({exc})") from exc
        rows.append(row)
    return rows


def score(rows: list[dict[str, Any]], errors: bool) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    total_other: Counter[str] = Counter()
    status_right = status_seen = 0
    for row in rows:
        result = tag(row["text"])
        predicted = {h.code for h in result.hits if h.happened}
        by_code: dict[str, set[str]] = {}
        for h in result.hits:
            by_code.setdefault(h.code, set()).add(h.status)
        gold = {lab["code"] for lab in row["labels"] if lab["status"] == "happened"}
        for code in predicted & gold:
            tp[code] += 1
        for code in predicted - gold:
            fp[code] += 1
            if errors:
                print(f"FP {row['id']} {code}: {row['text'][:160]}")
        for code in gold - predicted:
            fn[code] += 1
            if errors:
                print(f"FN {row['id']} {code}: {row['text'][:160]}")
        for lab in row["labels"]:
            if lab["status"] == "happened":
                continue
            total_other[lab["status"]] += 1
            if lab["code"] not in predicted or lab["code"] in gold:
                kept[lab["status"]] += 1
            elif errors:
                print(f"LEAK {row['id']} {lab['code']} {lab['status']}: {row['text'][:160]}")
            if lab["code"] in by_code:
                status_seen += 1
                status_right += lab["status"] in by_code[lab["code"]]
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "kept": kept,
        "other": total_other,
        "status": (status_right, status_seen),
    }


def pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r


def report(name: str, s: dict[str, Any], per_code: bool) -> None:
    tp, fp, fn = s["tp"], s["fp"], s["fn"]
    if per_code:
        print(f"{'code':28} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6}")
        for code in CODES:
            p, r = pr(tp[code], fp[code], fn[code])
            print(f"{code:28} {tp[code]:4} {fp[code]:4} {fn[code]:4} {p:6.3f} {r:6.3f}")
    micro = pr(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    used = [c for c in CODES if tp[c] + fp[c] + fn[c]]
    macro_p = sum(pr(tp[c], fp[c], fn[c])[0] for c in used) / max(1, len(used))
    macro_r = sum(pr(tp[c], fp[c], fn[c])[1] for c in used) / max(1, len(used))
    print(
        f"[{name}] micro P={micro[0]:.3f} R={micro[1]:.3f}  macro P={macro_p:.3f} R={macro_r:.3f}"
        f"  (tp={sum(tp.values())} fp={sum(fp.values())} fn={sum(fn.values())})"
    )
    kept = ", ".join(f"{k} {s['kept'][k]}/{s['other'][k]}" for k in sorted(s["other"]))
    right, seen = s["status"]
    print(f"[{name}] kept out of 'happened': {kept}; exact status where tagged {right}/{seen}")
    leaks = {k: s["other"][k] - s["kept"][k] for k in s["other"]}
    print(
        f"[{name}] leaks into 'happened': "
        + (", ".join(f"{k} {v}" for k, v in sorted(leaks.items())) or "none labelled")
    )


def identifiers(name: str) -> None:
    tp = fp = fn = 0
    for row in load(name, ("text", "identifiers")):
        got = Counter((i.type, i.value, i.platform) for i in tag(row["text"]).identifiers)
        want = Counter((i["type"], i["value"], i.get("platform", "")) for i in row["identifiers"])
        tp += sum((got & want).values())
        fp += sum((got - want).values())
        fn += sum((want - got).values())
    p, r = pr(tp, fp, fn)
    print(f"[{name.split('.')[0]}] P={p:.3f} R={r:.3f} (tp={tp} fp={fp} fn={fn})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="all", choices=["all", "dev", "heldout"])
    parser.add_argument("--errors", action="store_true")
    parser.add_argument(
        "--set",
        action="append",
        help="score only this file: a name in eval/ (e.g. narratives_fresh7.jsonl) or a path; "
        "may be repeated",
    )
    parser.add_argument("--per-code", action="store_true", help="with --set: per-code table")
    args = parser.parse_args()
    if args.set:
        for name in args.set:
            rows = load(name)
            print(f"== {name}: {len(rows)} rows")
            report(Path(name).name.split(".")[0], score(rows, args.errors), args.per_code)
        return
    for fresh in (
        "sentences_fresh.jsonl",
        "narratives_fresh.jsonl",
        "narratives_fresh2.jsonl",
        "narratives_fresh3.jsonl",
        "narratives_fresh4.jsonl",
        "narratives_fresh5.jsonl",
        "narratives_fresh6.jsonl",
        "sentences_probes16.jsonl",
        "narratives_probes16.jsonl",
        "sentences_fresh7.jsonl",
        "narratives_fresh7.jsonl",
        "sentences_probes17.jsonl",
        "sentences_fresh8.jsonl",
        "narratives_fresh8.jsonl",
        "sentences_fresh9.jsonl",
        "narratives_fresh9.jsonl",
    ):
        if args.split == "all":
            rows = load(fresh)
            print(f"== {fresh}: {len(rows)} rows (see eval/README.md for when it was written)")
            report(fresh.split(".")[0], score(rows, args.errors), per_code=False)
    for kind in ("sentences.jsonl", "narratives.jsonl"):
        rows = load(kind)
        print(f"== {kind}: {len(rows)} rows")
        for split in ("dev", "heldout"):
            if args.split not in ("all", split):
                continue
            chosen = [r for r in rows if r["split"] == split]
            s = score(chosen, args.errors)
            report(f"{kind.split('.')[0]}/{split}", s, per_code=False)
        if args.split == "all":
            report(
                f"{kind.split('.')[0]}/all", score(rows, False), per_code=kind == "sentences.jsonl"
            )
    identifiers("identifiers.jsonl")
    identifiers("identifiers_heldout.jsonl")


if __name__ == "__main__":
    main()
