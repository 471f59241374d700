"""Splink on a local Spark session (pyspark 4, Java 17) for the batch path at scale.

Splink's bundled similarity JAR goes into ``spark.jars`` so ``jaro_winkler`` exists in SQL;
``level_sql(..., dialect="spark")`` writes the model's levels in Spark SQL.
"""

from __future__ import annotations

import tempfile
from typing import Any


def spark_db_api(master: str = "local[2]") -> Any:
    """A Splink ``SparkAPI`` over a local session (created once per process)."""
    from pyspark.sql import SparkSession
    from splink import SparkAPI
    from splink.backends.spark import similarity_jar_location

    spark = (
        SparkSession.builder.master(master)
        .appName("mosaic-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="mosaic-spark-"))
    return SparkAPI(spark_session=spark, num_partitions_on_repartition=4)  # type: ignore[no-untyped-call]


def to_spark(db_api: Any, df: Any) -> Any:
    """A pandas frame from ``splink_bridge.frame`` as a Spark frame with an explicit schema
    (Spark cannot infer the type of a column that is all NULL)."""
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    fields = []
    for col in df.columns:
        if col in ("byear_min", "byear_max"):
            kind: Any = LongType()
        elif col == "first_nicks" or col in ("phone", "email", "handle", "vehicle", "device"):
            kind = ArrayType(StringType())
        else:
            kind = StringType()
        fields.append(StructField(col, kind, True))
    rows = [
        tuple(
            None if _isna(v) else (int(v) if c in ("byear_min", "byear_max") else v)
            for c, v in zip(df.columns, row, strict=True)
        )
        for row in df.itertuples(index=False, name=None)
    ]
    return db_api.spark.createDataFrame(rows, StructType(fields))


def _isna(value: Any) -> bool:
    if isinstance(value, list):
        return False
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
