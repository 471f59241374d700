"""Accuracy on the synthetic world (engines.synth truth), ours beside Splink 5's default model.

    PYTHONPATH=. /work/main/.venv/bin/python bench/linkage_world.py [--reports 5000] [--seed 7]

Writes a world with ``engines.synth.write_world`` (seeded), turns every victim and suspect
mention into a row of the ``mosaic link-file`` CSV (``docs/subsystems/linkage.md``: names,
date of birth or age, phones, e-mails, handles, vehicles, postcode and street for suspects;
a victim's address is left out and a victim's own identifiers written on the suspect are
dropped, as the app does), and links the file three ways in the same run:

* ours, shipped model: ``link_file`` (the streaming online path: blocking keys -> candidates ->
  Fellegi-Sunter scorer -> union-find) with ``default_model()``;
* ours, trained: the same, with the shipped model's levels trained by Splink on the file
  itself (``batch.train``: u by random sampling, m by EM), as a force would on its history;
* Splink default: Splink's comparison library (``NameComparison`` for first and last name,
  ``DateOfBirthComparison``, ``ExactMatch`` for phone, e-mail, handle, vehicle and postcode,
  ``JaroWinklerAtThresholds`` for the street), on the same normalised values (first value of
  each identifier list; generic values removed as for ours), u by random sampling and EM on
  date-of-birth, surname and phone blocks, blocking on full name, DOB, each identifier and
  postcode; connected components.

Scores against ``truth/mentions.csv``: pairwise precision, recall, F1 (all mention pairs, and
the suspect pairs alone) and B-cubed F1.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import logging
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from engines.linkage import default_model, prepare
from engines.linkage._internal.batch import train
from engines.linkage._internal.cluster import UnionFind
from engines.linkage._internal.generic import DEFAULT_GENERIC, GenericValues
from engines.linkage._internal.link_file import link_rows
from engines.linkage._internal.model import model_from_json
from engines.linkage._internal.normalise import (
    normalise_email,
    normalise_handle,
    normalise_phone,
    normalise_vehicle,
)
from engines.linkage._internal.record import FIELDS

# The worlds' forces share one switchboard number (engines.synth GENERIC_NUMBERS); a force lists
# its own switchboard in the generic file (mosaic/linking/generic.json), so the bench does too.
# Helplines need no listing: 080x numbers are an organisation's range (generic.py).
WORLD_GENERIC = GenericValues.from_json(
    {
        **DEFAULT_GENERIC.to_json(),
        "phones": {**DEFAULT_GENERIC.phones, "01632960000": "force switchboard"},
    }
)
COLUMNS = ["mention_id", "report_date", *FIELDS]
ROLES = ("victim", "suspect")
_NORM = {
    "phone": normalise_phone,
    "email": normalise_email,
    "handle": normalise_handle,
    "vehicle": normalise_vehicle,
}


def _norm(kind: str, raw: str) -> str:
    fn = _NORM.get(kind)
    value = fn(raw).value if fn else raw
    return value or raw


def world_rows(folder: Path) -> tuple[list[dict[str, str]], dict[str, str], dict[str, str]]:
    """CSV rows of the victim and suspect mentions, the true person and the role of each."""
    truth, roles = {}, {}
    with (folder / "truth" / "mentions.csv").open(encoding="utf-8") as fh:
        for t in csv.DictReader(fh):
            if t["role"] in ROLES:
                mid = f"{t['source_ref']}/{t['mention_id']}"
                truth[mid], roles[mid] = t["person_id"], t["role"]
    rows = []
    with (folder / "reports.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            report = json.loads(line)
            people = [p for p in report["people"] if p["role"] in ROLES]
            own = {
                _norm(i["type"], i["value"])
                for p in people
                if p["role"] == "victim"
                for i in p.get("identifiers") or []
            }
            for p in people:
                mid = f"{report['source_ref']}/{p['mention_id']}"
                row = dict.fromkeys(COLUMNS, "")
                row["mention_id"] = mid
                row["report_date"] = report["reported_at"][:10]
                row["first_name"] = p.get("first_name") or ""
                row["middle_name"] = p.get("middle_names") or ""
                row["last_name"] = p.get("last_name") or ""
                row["full_name"] = p.get("full_name") or ""
                row["date_of_birth"] = p.get("date_of_birth") or ""
                row["age"] = "" if p.get("age") is None else str(p["age"])
                found: dict[str, list[str]] = defaultdict(list)
                for ident in p.get("identifiers") or []:
                    kind = ident["type"]
                    if kind not in ("phone", "email", "handle", "vehicle", "device"):
                        continue
                    if p["role"] != "victim" and _norm(kind, ident["value"]) in own:
                        continue  # the victim's own number on the suspect never links (app)
                    found[kind].append(ident["value"])
                for kind, values in found.items():
                    row[kind] = ";".join(values)
                address = p.get("address") or {}
                if p["role"] != "victim" and address:  # victims' addresses are sealed (app)
                    row["postcode"] = address.get("postcode") or ""
                    row["street_address"] = address.get("address_line") or ""
                rows.append(row)
    return rows, truth, roles


def pairs_of(clusters: dict[str, str], keep=None) -> set[tuple[str, str]]:
    members = defaultdict(list)
    for rid, cid in clusters.items():
        if keep is None or keep(rid):
            members[cid].append(rid)
    return {
        (a, b) for group in members.values() for a, b in itertools.combinations(sorted(group), 2)
    }


def metrics(clusters: dict[str, str], truth: dict[str, str], keep=None) -> dict[str, float]:
    pred, gold = pairs_of(clusters, keep), pairs_of(truth, keep)
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f1,
        "bcubed_f1": bcubed(clusters, truth),
        "fp": len(pred - gold),
        "fn": len(gold - pred),
    }


def bcubed(clusters: dict[str, str], truth: dict[str, str]) -> float:
    pred, gold = defaultdict(set), defaultdict(set)
    for rid, cid in clusters.items():
        pred[cid].add(rid)
        gold[truth[rid]].add(rid)
    ps, rs = [], []
    for rid, cid in clusters.items():
        inter = len(pred[cid] & gold[truth[rid]])
        ps.append(inter / len(pred[cid]))
        rs.append(inter / len(gold[truth[rid]]))
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return 2 * p * r / (p + r)


def clusters_at(ids, scored, threshold) -> dict[str, str]:
    uf = UnionFind()
    for rid in ids:
        uf.find(rid)
    for a, b, p in scored:
        if p >= threshold:
            uf.union(a, b)
    return {rid: uf.find(rid) for rid in ids}


def ours(rows, model) -> tuple[list[str], list[tuple[str, str, float]], object]:
    """The file command's streaming pass; every auto-link pair (p >= the model's link)."""
    ids, links, stats = link_rows(iter(rows), model, generic=WORLD_GENERIC, progress=False)
    return ids, [(p.left, p.right, p.probability) for p in links], stats


def at_threshold(model, link: float):
    """The model with its auto-link threshold moved (and review no higher)."""
    doc = model.to_json()
    doc["thresholds"] = {"link": link, "review": min(link, doc["thresholds"]["review"])}
    return model_from_json(doc)


def records_of(rows):
    return [
        prepare(
            {k: r[k] for k in FIELDS},
            record_id=r["mention_id"],
            report_date=date.fromisoformat(r["report_date"]),
            generic=WORLD_GENERIC,
        )
        for r in rows
    ]


def splink_default(records) -> list[tuple[str, str, float]]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame = pd.DataFrame(
        [
            {
                "unique_id": r.record_id,
                "first_name": r.first or None,
                "last_name": r.last or None,
                "date_of_birth": r.dob or None,
                "phone": r.phone[0] if r.phone else None,
                "email": r.email[0] if r.email else None,
                "handle": r.handle[0] if r.handle else None,
                "vehicle": r.vehicle[0] if r.vehicle else None,
                "postcode": r.postcode or None,
                "street_address": r.address or None,
            }
            for r in records
        ]
    )
    present = [c for c in frame.columns if c != "unique_id" and frame[c].notna().any()]
    comps = {
        "first_name": cl.NameComparison("first_name"),
        "last_name": cl.NameComparison("last_name"),
        "date_of_birth": cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
        "street_address": cl.JaroWinklerAtThresholds("street_address"),
    }
    comparisons = [comps.get(c) or cl.ExactMatch(c) for c in present]
    rules = [block_on("first_name", "last_name"), block_on("date_of_birth")]
    rules += [
        block_on(c) for c in ("phone", "email", "handle", "vehicle", "postcode") if c in present
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
    )
    db = DuckDBAPI()
    linker = Linker(db.register(frame), settings, log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in (block_on("date_of_birth"), block_on("last_name"), block_on("phone")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
        except ValueError as exc:  # EM drove an m to 0: Splink refuses it; the round is lost
            print(f"  splink default: EM round skipped ({str(exc)[:60]})")
    rows = linker.inference.predict(threshold_match_probability=0.01).as_record_list()
    return [
        (str(r["unique_id_l"]), str(r["unique_id_r"]), float(r["match_probability"])) for r in rows
    ]


def show(label: str, clusters: dict[str, str], truth, roles) -> None:
    m = metrics(clusters, truth)
    s = metrics(clusters, truth, keep=lambda rid: roles[rid] == "suspect")
    print(
        f"  {label:<34}{m['precision']:>9.4f}{m['recall']:>9.4f}{m['f1']:>9.4f}"
        f"{m['bcubed_f1']:>9.4f}{m['fp']:>7}{m['fn']:>7} | suspects"
        f"{s['precision']:>8.4f}{s['recall']:>8.4f}{s['f1']:>8.4f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--csv", type=Path, help="also write the mentions CSV here")
    args = parser.parse_args()
    from engines.synth import write_world

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.time()
        write_world(tmp, seed=args.seed, reports=args.reports, progress=False)
        rows, truth, roles = world_rows(Path(tmp))
    if args.csv:
        with args.csv.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    gold = pairs_of(truth)
    print(
        f"world seed {args.seed}, {args.reports} reports: {len(rows)} victim/suspect mentions,"
        f" {len(set(truth.values()))} true people, {len(gold)} true pairs"
        f" ({time.time() - t0:.1f}s to generate)"
    )
    print(
        f"  {'system':<34}{'prec':>9}{'recall':>9}{'F1':>9}{'B3 F1':>9}{'FP':>7}{'FN':>7}"
        f" | suspects{'prec':>8}{'recall':>8}{'F1':>8}"
    )
    base = default_model()
    t1 = time.time()
    ids, links, stats = ours(rows, base)
    t_ours = time.time() - t1
    show(f"ours shipped p>={base.link_threshold}", clusters_at(ids, links, 0), truth, roles)
    for t in (0.5, 0.9):
        ids, links, _ = ours(rows, at_threshold(base, t))
        show(f"ours shipped p>={t}", clusters_at(ids, links, 0), truth, roles)
    records = records_of(rows)
    t2 = time.time()
    trained = train([records], base, version="world-bench")
    t_train = time.time() - t2
    ids, links, _ = ours(rows, trained)
    show(f"ours trained p>={trained.link_threshold}", clusters_at(ids, links, 0), truth, roles)
    t3 = time.time()
    sp = splink_default(records)
    t_sp = time.time() - t3
    for t in (0.5, 0.9, 0.99):
        show(f"splink default p>={t}", clusters_at(ids, sp, t), truth, roles)
    print(
        f"  times: ours {t_ours:.1f}s ({stats.pairs_scored} pairs scored), training"
        f" {t_train:.1f}s, splink default {t_sp:.1f}s ({len(sp)} pairs)"
    )


if __name__ == "__main__":
    main()
