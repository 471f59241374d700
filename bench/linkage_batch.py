"""Batch re-link of a whole history: ours (``batch.relink``) beside plain Splink, same data.

    PYTHONPATH=. /work/main/.venv/bin/python bench/linkage_batch.py --rows 1000000

Writes the synthetic mentions of ``bench/linkage_link_file.py`` (1-3 per person: surname
typos, age instead of DOB, moved house), then runs each system in its own child process so
that peak memory (``ru_maxrss``, DuckDB included: it runs in-process) is its own:

* ours: read the CSV, ``prepare`` every row, ``batch.relink(records, default_model())``
  (Splink 5 on DuckDB with our levels as SQL and our blocking rules, then our clustering with
  stable ids and decision history);
* plain Splink: the CSV into pandas, Splink's comparison library (``NameComparison`` for
  first and last name, ``DateOfBirthComparison``, ``ExactMatch`` e-mail and postcode,
  ``JaroWinklerAtThresholds`` street), blocking on full name, DOB, surname + postcode and
  e-mail, ``predict`` then ``cluster_pairwise_predictions_at_threshold(0.99)``; its training
  (u by random sampling, EM on DOB and surname blocks) is timed apart, since ours re-links
  with a model it already has.

Prints wall time, process CPU time, peak RSS and pairwise precision/recall for each.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkage_link_file import evaluate, write_mentions


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_ours(src: Path, out: Path) -> dict[str, float]:
    from engines.linkage import default_model, prepare
    from engines.linkage._internal.batch import relink
    from engines.linkage._internal.record import FIELDS

    t0, c0 = time.time(), cpu()
    with src.open(newline="", encoding="utf-8") as fh:
        records = [
            prepare(
                {k: row.get(k, "") for k in FIELDS},
                record_id=row["mention_id"],
                report_date=date.fromisoformat(row["report_date"]),
            )
            for row in csv.DictReader(fh)
        ]
    t_prep = time.time() - t0
    result = relink(records, default_model())
    persons = result.assignment.persons
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["mention_id", "person_id"])
        writer.writerows((r.record_id, persons[r.record_id]) for r in records)
    return {
        "wall_s": time.time() - t0,
        "cpu_s": cpu() - c0,
        "prepare_s": t_prep,
        "pairs": result.pairs_scored,
    }


def run_splink(src: Path, out: Path) -> dict[str, float]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    t0, c0 = time.time(), cpu()
    df = pd.read_csv(src, dtype=str, keep_default_na=False).rename(
        columns={"mention_id": "unique_id"}
    )
    df = df[["unique_id", "first_name", "last_name", "date_of_birth", "email", "postcode"]]
    df = df.assign(street_address=pd.read_csv(src, dtype=str, usecols=["street_address"]))
    df = df.replace("", None)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("last_name"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.ExactMatch("email"),
            cl.ExactMatch("postcode"),
            cl.JaroWinklerAtThresholds("street_address"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "last_name"),
            block_on("date_of_birth"),
            block_on("last_name", "postcode"),
            block_on("email"),
        ],
    )
    db = DuckDBAPI()
    linker = Linker(db.register(df), settings, log_level=logging.WARNING)
    t_train0 = time.time()
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in (block_on("date_of_birth"), block_on("last_name", "postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    t_train = time.time() - t_train0
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.99
    )
    frame = clusters.as_pandas_dataframe()
    frame[["unique_id", "cluster_id"]].rename(
        columns={"unique_id": "mention_id", "cluster_id": "person_id"}
    ).to_csv(out, index=False)
    return {
        "wall_s": time.time() - t0,
        "cpu_s": cpu() - c0,
        "training_s": t_train,
    }


def child(system: str, src: Path, out: Path) -> None:
    stats = run_ours(src, out) if system == "ours" else run_splink(src, out)
    stats["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(stats), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--dir", default="var/batch")
    parser.add_argument("--child", choices=["ours", "splink"])
    parser.add_argument("--systems", default="ours,splink")
    args = parser.parse_args()
    folder = Path(args.dir)
    src = folder / "mentions.csv"
    if args.child:
        child(args.child, src, folder / f"clusters-{args.child}.csv")
        return
    folder.mkdir(parents=True, exist_ok=True)
    truth = write_mentions(src, args.rows)
    print(f"{args.rows} mentions of {len(set(truth.values()))} people; load {os.getloadavg()}")
    for system in args.systems.split(","):
        done = subprocess.run(
            [sys.executable, __file__, "--child", system, "--dir", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
        line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            print(f"{system}: failed\n{done.stderr[-3000:]}")
            continue
        stats = json.loads(line[7:])
        precision, recall = evaluate(folder / f"clusters-{system}.csv", truth)
        print(
            f"{system:>7}: wall {stats['wall_s']:.0f}s, CPU {stats['cpu_s']:.0f}s, peak RSS"
            f" {stats['peak_rss_mb']:.0f} MB, precision {precision:.4f}, recall {recall:.4f};"
            f" {json.dumps(stats)}; load {os.getloadavg()}",
            flush=True,
        )


if __name__ == "__main__":
    main()
