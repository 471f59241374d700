"""The file command at scale: write N synthetic mentions (1-3 per person, with variations),
run ``link_file`` and score its clusters against the truth.

    PYTHONPATH=. /work/main/.venv/bin/python bench/linkage_link_file.py --rows 1000000
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import random
import resource
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from faker import Faker

from engines.linkage import default_model, link_file

COLUMNS = [
    "mention_id",
    "first_name",
    "last_name",
    "full_name",
    "date_of_birth",
    "age",
    "phone",
    "email",
    "postcode",
    "street_address",
    "report_date",
]


def write_mentions(path: Path, rows: int, seed: int = 3) -> dict[str, int]:
    fake, rng = Faker("en_GB"), random.Random(seed)
    Faker.seed(seed)
    firsts = list({fake.first_name() for _ in range(3000)})
    lasts = list({fake.last_name() for _ in range(6000)})
    postcodes = [fake.postcode() for _ in range(50000)]
    streets = [fake.street_name() for _ in range(20000)]
    truth: dict[str, int] = {}
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        person = written = 0
        while written < rows:
            born = date(rng.randint(1940, 2008), rng.randint(1, 12), rng.randint(1, 28))
            base = [
                rng.choice(firsts),
                rng.choice(lasts),
                born.isoformat(),
                f"person{person}@example.com" if rng.random() < 0.4 else "",
                rng.choice(postcodes),
                f"{rng.randint(1, 200)} {rng.choice(streets)}",
            ]
            for k in range(min(rng.choice([1, 1, 2, 3]), rows - written)):
                first, last, dob, email, pc, street = base
                age = ""
                if k:
                    roll = rng.random()
                    if roll < 0.2:
                        last = last[:-1] + "e"
                    elif roll < 0.35:
                        age, dob = str(2026 - born.year - 1), ""
                    elif roll < 0.45:
                        pc, street = rng.choice(postcodes), ""
                    email = email if rng.random() < 0.5 else ""
                mid = f"m{written}"
                out.writerow([mid, first, last, "", dob, age, "", email, pc, street, "2026-05-01"])
                truth[mid] = person
                written += 1
            person += 1
    return truth


def evaluate(clusters_csv: Path, truth: dict[str, int]) -> tuple[float, float]:
    pred = defaultdict(list)
    with clusters_csv.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pred[row["person_id"]].append(row["mention_id"])
    gold = defaultdict(list)
    for mid, p in truth.items():
        gold[p].append(mid)
    pp = {pair for g in pred.values() for pair in itertools.combinations(sorted(g), 2)}
    tp_ = {pair for g in gold.values() for pair in itertools.combinations(sorted(g), 2)}
    tp = len(pp & tp_)
    return tp / max(len(pp), 1), tp / max(len(tp_), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--dir", default="var")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    src, out = Path(args.dir, "mentions.csv"), Path(args.dir, "clusters.csv")
    t0 = time.time()
    truth = write_mentions(src, args.rows)
    t1 = time.time()
    stats = link_file(src, out, default_model(), progress=False)
    t2 = time.time()
    precision, recall = evaluate(out, truth)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"rows {stats.rows}: generated in {t1 - t0:.0f}s, linked in {t2 - t1:.0f}s"
        f" ({stats.rows / (t2 - t1):.0f} rows/s), peak RSS {peak:.0f} MB"
    )
    print(
        f"persons {stats.persons} (true {len(set(truth.values()))}); pairs scored"
        f" {stats.pairs_scored}; auto-links {stats.links}; reviews {stats.reviews};"
        f" too-common keys {stats.too_common_keys}"
    )
    print(f"pairwise precision {precision:.4f} recall {recall:.4f}")


if __name__ == "__main__":
    main()
