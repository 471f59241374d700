"""Compose the labelled narratives of the narrative evaluation set from its labelled sentences.

Run once, before the lexicon was frozen; the output is committed as
``engines/narrative/eval/narratives.jsonl``. Held-out narratives use only held-out sentences.

    python bench/narrative_compose_eval.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent / "engines" / "narrative" / "eval"
OPENERS = [
    "Informant reports the following.",
    "Diary entry.",
    "Victim attended the front counter to report ongoing issues with her ex-partner.",
    "Call received via 101.",
    "Officers attended the address and spoke with the victim.",
    "Entry written by the victim in her diary.",
    "The victim and the suspect were in a relationship for four years.",
    "Report taken over the phone by the call handler.",
]


def main() -> None:
    rows = [json.loads(x) for x in (EVAL / "sentences.jsonl").read_text().splitlines()]
    rng = random.Random(2026)
    out = []
    for split, count in (("dev", 80), ("heldout", 30)):
        pool = [r for r in rows if r["split"] == split]
        for n in range(count):
            picked = rng.sample(pool, rng.randint(3, 7))
            text = " ".join([rng.choice(OPENERS)] + [p["text"] for p in picked])
            labels = sorted({(lab["code"], lab["status"]) for p in picked for lab in p["labels"]})
            out.append(
                {
                    "id": f"n{split[0]}{n:03d}",
                    "text": text,
                    "labels": [{"code": c, "status": s} for c, s in labels],
                    "sentences": [p["id"] for p in picked],
                    "split": split,
                }
            )
    with (EVAL / "narratives.jsonl").open("w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(out)} narratives written")


if __name__ == "__main__":
    main()
