"""A small synthetic population with known truth: people mentioned several times, with the
variations officers write (nicknames, swapped dates, ages, typos, transposed names)."""

from __future__ import annotations

import random
from datetime import date

from faker import Faker

from engines.linkage import Record, prepare

REPORT_DATE = date(2026, 5, 1)
NICKS = {"William": "Bill", "Robert": "Bob", "Elizabeth": "Liz", "Margaret": "Peggy"}


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _variant(rng: random.Random, base: dict[str, str]) -> dict[str, str]:
    out = dict(base)
    roll = rng.random()
    if roll < 0.15 and out["first_name"] in NICKS:
        out["first_name"] = NICKS[out["first_name"]]
    elif roll < 0.3:
        out["last_name"] = _typo(rng, out["last_name"])
    elif roll < 0.4:
        y, m, d = out["date_of_birth"].split("-")
        out["date_of_birth"] = f"{y}-{d}-{m}" if int(d) <= 12 else out["date_of_birth"]
    elif roll < 0.5:
        born = date.fromisoformat(out["date_of_birth"])
        out["age"] = str(REPORT_DATE.year - born.year - 1)
        out["date_of_birth"] = ""
    elif roll < 0.55:
        out["first_name"], out["last_name"] = out["last_name"], out["first_name"]
    for fld in ("phone", "email", "postcode"):
        if rng.random() < 0.4:
            out[fld] = ""
    return out


def population(people: int = 120, seed: int = 7) -> tuple[list[Record], dict[str, int]]:
    """Records (2-3 per person) and the true person number of each record id."""
    fake, rng = Faker("en_GB"), random.Random(seed)
    Faker.seed(seed)
    records, truth = [], {}
    for n in range(people):
        first = rng.choice([*NICKS, fake.first_name()])
        base = {
            "first_name": first,
            "last_name": fake.last_name(),
            "date_of_birth": fake.date_of_birth(minimum_age=18, maximum_age=80).isoformat(),
            "phone": f"07700 900{n:03d}",
            "email": f"person{n}@example.com",
            "postcode": fake.postcode(),
        }
        for k in range(rng.choice([2, 3])):
            rid = f"p{n}-{k}"
            fields = base if k == 0 else _variant(rng, base)
            records.append(prepare(fields, record_id=rid, report_date=REPORT_DATE))
            truth[rid] = n
    return records, truth
