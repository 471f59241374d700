"""Batch work through Splink 5: training the model and re-linking a whole history.

DuckDB on one machine by default; ``backend="spark"`` runs the same settings on a local Spark
session (needs pyspark and Java 17; see docs/subsystems/linkage.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from engines.linkage._internal.cluster import Assignment, ScoredPair, cluster
from engines.linkage._internal.model import Model
from engines.linkage._internal.record import Record
from engines.linkage._internal.splink_bridge import (
    COLUMN,
    frame,
    model_from_splink,
    settings,
    to_dialect,
)

log = logging.getLogger(__name__)

Backend = Literal["duckdb", "spark"]

# Rules that pick pairs for EM: each leaves the fields it blocks on out of that round.
EM_RULES = [
    'l."dob" = r."dob"',
    'l."last_meta" = r."last_meta" AND l."first_initial" = r."first_initial"',
    'l."postcode" = r."postcode"',
]


def _db_api(backend: Backend) -> Any:
    if backend == "spark":
        from engines.linkage._internal.spark import spark_db_api

        return spark_db_api()
    from splink import DuckDBAPI

    return DuckDBAPI()


def _linker(datasets: Sequence[Iterable[Record]], model: Model, backend: Backend, **kw: Any) -> Any:
    from splink import Linker

    db_api = _db_api(backend)
    dfs = [frame(d) for d in datasets]
    # Only fields some record has: Splink cannot train (and warns about) all-null columns;
    # a field nobody has scores the null level (weight 0) either way.
    present = [
        f for f, col in COLUMN.items() if any(col in df and df[col].notna().any() for df in dfs)
    ]
    if backend == "spark":
        from engines.linkage._internal.spark import to_spark

        frames = [db_api.register(to_spark(db_api, df)) for df in dfs]
    else:
        frames = [db_api.register(df) for df in dfs]
    link_type = "link_only" if len(frames) > 1 else "dedupe_only"
    conf = settings(model, link_type=link_type, fields=present, dialect=backend, **kw)
    return Linker(frames if len(frames) > 1 else frames[0], conf, log_level=logging.WARNING)


def train(
    datasets: Sequence[Iterable[Record]],
    base: Model,
    *,
    version: str,
    max_pairs_for_u: float = 2e6,
    em_rules: Sequence[str] = tuple(EM_RULES),
    backend: Backend = "duckdb",
    seed: int = 42,
) -> Model:
    """Estimate u by random sampling and m by EM (one session per rule) with Splink, and
    return our model carrying those parameters. One dataset dedupes; two link."""
    linker = _linker(datasets, base, backend)
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs_for_u, seed=seed)
    rounds = 0
    for rule in em_rules:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                to_dialect(rule, backend), estimate_without_term_frequencies=True
            )
            rounds += 1
        except ValueError as exc:
            # Splink refuses an m that EM drove to exactly 0 (a level no blocked pair of the
            # session reached as a match); that round's estimates are dropped, the others
            # stand, and a field no round trained keeps the base model's m.
            log.warning("EM on %s skipped: %s", rule, exc)
    if rounds == 0:
        raise ValueError("training: no EM round converged; the base model stays in use")
    return model_from_splink(linker.misc.save_model_to_json(), base, version)


def predict_pairs(
    datasets: Sequence[Iterable[Record]],
    model: Model,
    *,
    threshold: float | None = None,
    backend: Backend = "duckdb",
    blocking_rules: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Every blocked pair Splink scores under ``model`` (ids, match_weight, probability)."""
    rows: list[dict[str, Any]] = _predict(
        datasets, model, threshold, backend, blocking_rules
    ).as_record_list()
    return rows


def _predict(
    datasets: Sequence[Iterable[Record]],
    model: Model,
    threshold: float | None,
    backend: Backend,
    blocking_rules: Sequence[str] | None = None,
) -> Any:
    kw = {} if blocking_rules is None else {"blocking_rules": blocking_rules}
    linker = _linker(datasets, model, backend, **kw)
    return linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")


@dataclass(frozen=True)
class Relinking:
    """A batch re-link: the new assignment (history appended) and how many pairs it scored."""

    assignment: Assignment
    pairs_scored: int
    model_version: str


def relink(
    records: Sequence[Record],
    model: Model,
    previous: Assignment | None = None,
    *,
    backend: Backend = "duckdb",
) -> Relinking:
    """Re-link a whole history: Splink scores blocked pairs, clustering keeps ids stable and
    records merges and splits as new decisions that follow the earlier ones."""
    result = _predict([records], model, model.review_threshold, backend)
    # Only the three columns clustering reads: fetching every comparison column as Python
    # dicts cost more than the prediction itself at 10^5 records.
    rows = result.query_sql(
        "SELECT unique_id_l, unique_id_r, match_probability FROM {this}"
    ).as_record_list()
    pairs = [
        ScoredPair(str(r["unique_id_l"]), str(r["unique_id_r"]), float(r["match_probability"]))
        for r in rows
    ]
    ids = [r.record_id for r in records]
    assignment = cluster(ids, pairs, previous, threshold=model.link_threshold)
    return Relinking(assignment, len(pairs), model.version)
