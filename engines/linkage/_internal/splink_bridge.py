"""The same model in Splink 5: records as a frame, levels as SQL, trained m/u back into JSON.

Splink is imported lazily: the online path never needs it. Every level test in
``compare.py`` has its SQL twin in :func:`level_sql`; ``test_splink_agreement`` checks that
Splink and the online scorer give the same match weight for the same pair.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from engines.linkage._internal.compare import MULTI_FIELDS
from engines.linkage._internal.model import Comparison, Level, Model, model_from_json
from engines.linkage._internal.names import metaphone, nickname_group
from engines.linkage._internal.record import Record

if TYPE_CHECKING:
    import pandas as pd

# Model field -> the frame column Splink compares.
COLUMN = {
    "first_name": "first_name",
    "last_name": "last_name",
    "date_of_birth": "dob",
    "postcode": "postcode",
    "street_address": "street_address",
    **{f: f for f in MULTI_FIELDS},
}


def frame(records: Iterable[Record]) -> pd.DataFrame:
    """Records as the frame Splink reads (empty values as NULL, identifiers as lists).

    Built column by column (one list per column, not one dict per row): a million records
    take a few seconds instead of a minute, and half the memory."""
    import pandas as pd

    cols: dict[str, list[Any]] = {
        name: []
        for name in (
            "unique_id",
            "first_name",
            "last_name",
            "first_meta",
            "last_meta",
            "first_nicks",
            "first_initial",
            "dob",
            "dob_swap",
            "byear_min",
            "byear_max",
            "postcode",
            "pc_sector",
            "pc_district",
            "street_address",
            *[c for fld in MULTI_FIELDS for c in (fld, f"{fld}_1")],
        )
    }
    for r in records:
        cols["unique_id"].append(r.record_id)
        cols["first_name"].append(r.first or None)
        cols["last_name"].append(r.last or None)
        cols["first_meta"].append(metaphone(r.first) or None)
        cols["last_meta"].append(metaphone(r.last) or None)
        cols["first_nicks"].append(sorted(nickname_group(r.first)) or None)
        cols["first_initial"].append(r.first[:1] or None)
        cols["dob"].append(r.dob or None)
        cols["dob_swap"].append(r.dob_swap or None)
        cols["byear_min"].append(r.byear_min)
        cols["byear_max"].append(r.byear_max)
        cols["postcode"].append(r.postcode or None)
        cols["pc_sector"].append(r.postcode_sector or None)
        cols["pc_district"].append(r.postcode_district or None)
        cols["street_address"].append(r.address or None)
        for fld in MULTI_FIELDS:
            values = getattr(r, fld)
            cols[fld].append(list(values) or None)
            cols[f"{fld}_1"].append(values[0] if values else None)
    df = pd.DataFrame(cols)
    return df.astype({"byear_min": "Int64", "byear_max": "Int64"})


def _name_sql(kind: str, col: str, lv: Level) -> str:
    left, right = f'"{col}_l"', f'"{col}_r"'
    meta = "first_meta" if col == "first_name" else "last_meta"
    return {
        "exact": f"{left} = {right}",
        "transposed": '"first_name_l" = "last_name_r" AND "last_name_l" = "first_name_r"',
        "transposed_jw": 'jaro_winkler_similarity("first_name_l", "last_name_r") >= '
        f'{lv.threshold!r} AND jaro_winkler_similarity("last_name_l", "first_name_r") >= '
        f"{lv.threshold!r}",
        "nickname": f'(list_contains("first_nicks_r", {left}) OR '
        f'list_contains("first_nicks_l", {right}))',
        "jw": f"jaro_winkler_similarity({left}, {right}) >= {lv.threshold!r}",
        "tokens": f"len(list_intersect(list_distinct(string_split({left}, ' ')), "
        f"list_distinct(string_split({right}, ' ')))) / least("
        f"len(list_distinct(string_split({left}, ' '))), "
        f"len(list_distinct(string_split({right}, ' ')))) >= {lv.threshold!r}",
        "phonetic": f'"{meta}_l" = "{meta}_r"',
        "initial": f"((length({left}) = 1 AND starts_with({right}, {left})) OR "
        f"(length({right}) = 1 AND starts_with({left}, {right})))",
    }[kind]


def to_dialect(sql: str, dialect: str) -> str:
    """DuckDB SQL as ``dialect`` writes it (``spark``: backticks, arrays, Splink's UDFs)."""
    if dialect == "duckdb" or sql == "ELSE":
        return sql
    import sqlglot

    out: str = sqlglot.transpile(sql, read="duckdb", write=dialect)[0]
    return (
        out.replace("JAROWINKLER_SIMILARITY(", "jaro_winkler(")
        .replace("LENGTH(LIST_INTERSECT(", "SIZE(ARRAY_INTERSECT(")
        .replace("LENGTH(ARRAY_DISTINCT(", "SIZE(ARRAY_DISTINCT(")
    )


def level_sql(field: str, lv: Level, dialect: str = "duckdb") -> str:
    """The SQL condition for one level (the twin of ``compare.level_index``)."""
    return to_dialect(_duckdb_level_sql(field, lv), dialect)


def _duckdb_level_sql(field: str, lv: Level) -> str:
    col = COLUMN[field]
    if lv.kind == "else":
        return "ELSE"
    if field in MULTI_FIELDS:
        return f'len(list_intersect("{col}_l", "{col}_r")) > 0'
    if field == "date_of_birth":
        return {
            "exact": '"dob_l" = "dob_r"',
            "swap": '"dob_swap_l" = "dob_r"',
            "year_month": 'substr("dob_l", 1, 7) = substr("dob_r", 1, 7)',
            "age_compatible": '"byear_min_l" <= "byear_max_r" AND "byear_min_r" <= "byear_max_l"',
        }[lv.kind]
    if field == "postcode":
        return {
            "exact": '"postcode_l" = "postcode_r"',
            "sector": '"pc_sector_l" = "pc_sector_r"',
            "district": '"pc_district_l" = "pc_district_r"',
        }[lv.kind]
    return _name_sql(lv.kind, col, lv)


def _null_sql(field: str) -> str:
    col = "byear_min" if field == "date_of_birth" else COLUMN[field]
    return f'"{col}_l" IS NULL OR "{col}_r" IS NULL'


def comparison_dict(comp: Comparison, dialect: str = "duckdb") -> dict[str, Any]:
    """One model comparison as a Splink comparison dictionary."""
    levels: list[dict[str, Any]] = [
        {
            "sql_condition": to_dialect(_null_sql(comp.field), dialect),
            "label_for_charts": "missing",
            "is_null_level": True,
        }
    ]
    for lv in comp.levels:
        levels.append(
            {
                "sql_condition": level_sql(comp.field, lv, dialect),
                "label_for_charts": lv.label,
                "m_probability": lv.m,
                "u_probability": lv.u,
            }
        )
    return {"output_column_name": comp.field, "comparison_levels": levels}


# Candidate-generation rules for batch runs: equi-joins mirroring the online blocking keys
# (the first identifier of each type stands for the lists, which are not equi-joinable).
BATCH_BLOCKING_RULES = [
    'l."last_meta" = r."last_meta" AND l."first_initial" = r."first_initial" '
    'AND l."byear_min" = r."byear_min"',
    'l."dob" = r."dob" AND l."first_initial" = r."first_initial"',
    'l."dob" = r."dob" AND l."last_meta" = r."last_meta"',
    'l."dob_swap" = r."dob" AND l."last_meta" = r."last_meta"',
    'l."postcode" = r."postcode" AND l."first_meta" = r."first_meta"',
    'l."first_meta" = r."last_meta" AND l."last_meta" = r."first_meta"',
    *[f'l."{f}_1" = r."{f}_1"' for f in MULTI_FIELDS],
]


def settings(
    model: Model,
    *,
    link_type: str = "dedupe_only",
    blocking_rules: Sequence[str] = tuple(BATCH_BLOCKING_RULES),
    fields: Sequence[str] | None = None,
    dialect: str = "duckdb",
) -> dict[str, Any]:
    """A Splink settings dictionary carrying the model's parameters."""
    comps = [c for c in model.comparisons if fields is None or c.field in fields]
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": model.prior,
        "comparisons": [comparison_dict(c, dialect) for c in comps],
        "blocking_rules_to_generate_predictions": [to_dialect(r, dialect) for r in blocking_rules],
        "retain_intermediate_calculation_columns": False,
    }


def _usable(value: Any) -> float | None:
    if isinstance(value, int | float) and 0.0 < float(value) < 1.0 and not math.isnan(value):
        return float(value)
    return None


def model_from_splink(splink_json: dict[str, Any], base: Model, version: str) -> Model:
    """Our model with the m, u and prior Splink estimated; levels Splink could not estimate
    (never observed) keep ``base``'s values, so the result always validates."""
    doc = base.to_json()
    trained = {c["output_column_name"]: c["comparison_levels"] for c in splink_json["comparisons"]}
    for comp in doc["comparisons"]:
        levels = [lv for lv in trained.get(comp["field"], []) if not lv.get("is_null_level")]
        if len(levels) != len(comp["levels"]):
            continue
        for ours, theirs in zip(comp["levels"], levels, strict=True):
            ours["m"] = _usable(theirs.get("m_probability")) or ours["m"]
            ours["u"] = _usable(theirs.get("u_probability")) or ours["u"]
    prior = _usable(splink_json.get("probability_two_random_records_match"))
    doc["probability_two_random_records_match"] = prior or base.prior
    doc["model_version"] = version
    import splink

    doc["trained"] = {"by": f"splink {splink.__version__}", "base": base.version}
    return model_from_json(doc)
