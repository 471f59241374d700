"""Narrative engine throughput: narratives per second on one core (one process, one thread).

Builds seeded synthetic narratives of about 170 and 500 words from the evaluation sentences,
neutral filler and identifiers, then times ``tag`` over them.

    python bench/narrative_throughput.py [--seconds 10]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engines.narrative import tag
from engines.narrative._internal.lexicon import build, raw_lexicon

EVAL = Path(__file__).resolve().parent.parent / "engines" / "narrative" / "eval"
FILLER = [
    "Officers attended the address at 14:30 and spoke to the informant in the kitchen.",
    "She explained that the relationship lasted about six years and they have two children.",
    "The weather was dry and the street lighting was good at the time.",
    "PC 4471 completed a DASH risk assessment with the victim, crime reference CRI/12345/26.",
    "He drives a silver Ford Focus, registration AB12 CDE, and lives near LS1 4AB.",
    "She has kept a diary since last Tuesday on the advice of her advocate.",
    "His number is 07700 900123 and he also uses dan at example dot com.",
    "The victim's mother was present during the account and supported her throughout.",
]


def narratives(words: int, count: int, rng: random.Random, density: float = 0.6) -> list[str]:
    rows = [json.loads(x)["text"] for x in (EVAL / "sentences.jsonl").read_text().splitlines()]
    out = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p.split()) for p in parts) < words:
            parts.append(rng.choice(rows) if rng.random() < density else rng.choice(FILLER))
        out.append(" ".join(parts))
    return out


def measure(texts: list[str], seconds: float) -> tuple[float, float, int]:
    """Narratives per second of wall-clock time and per second of this process's CPU time (the
    second is the per-core figure on a shared, loaded machine)."""
    reported_at = datetime(2026, 3, 20, 10, tzinfo=UTC)
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        for text in texts:
            tag(text, reported_at=reported_at)
        done += len(texts)
    return done / (time.perf_counter() - start), done / (time.process_time() - cpu), done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    start = time.perf_counter()
    lexicon = build(raw_lexicon())
    print(
        f"lexicon {lexicon.version}: {lexicon.phrase_count} phrases compiled in "
        f"{time.perf_counter() - start:.3f} s"
    )
    rng = random.Random(7)
    # density: share of sentences taken from the labelled set (most of them carry a hit); the
    # rest is neutral filler with identifiers, times and references.
    for density in (0.6, 0.2):
        for words in (170, 500):
            texts = narratives(words, 200, rng, density)
            mean_words = sum(len(t.split()) for t in texts) / len(texts)
            hits = sum(len(tag(t).hits) for t in texts) / len(texts)  # also warms up
            rate, cpu_rate, done = measure(texts, args.seconds)
            print(
                f"~{words} words (mean {mean_words:.0f}, {hits:.1f} hits each, density "
                f"{density}): {rate:,.0f} narratives/s wall, {cpu_rate:,.0f}/s of CPU time "
                f"({done} tagged, one core)"
            )


if __name__ == "__main__":
    main()
