"""Determinism, schema validity, the CSV form, the CLI and bounded memory."""

from __future__ import annotations

import contextlib
import tracemalloc
from pathlib import Path

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.synth import (
    FORMAT_VERSION,
    SynthConfig,
    generate,
    read_csv_records,
    validate_record,
    write_world,
)
from engines.synth.__main__ import main
from engines.synth.tests.conftest import read_jsonl


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_same_seed_gives_byte_identical_output(tmp_path: Path, demo_dir: Path) -> None:
    write_world(tmp_path, seed=1, reports=300, formats=("jsonl", "csv"), demo=True, progress=False)
    assert _files(tmp_path) == _files(demo_dir)


def test_another_seed_gives_another_world(tmp_path: Path, demo_dir: Path) -> None:
    write_world(tmp_path, seed=2, reports=300, formats=("jsonl",), demo=True, progress=False)
    assert (tmp_path / "reports.jsonl").read_bytes() != (demo_dir / "reports.jsonl").read_bytes()


def test_every_demo_record_validates(demo_dir: Path) -> None:
    records = read_jsonl(demo_dir / "reports.jsonl")
    assert len(records) == 300
    for rec in records:
        assert validate_record(rec).format_version == FORMAT_VERSION


def test_every_record_of_a_larger_world_validates() -> None:
    for item in generate(SynthConfig(seed=7, reports=3000, forces=4)):
        validate_record(item.record)


def test_csv_carries_the_same_information_as_jsonl(demo_dir: Path) -> None:
    from_jsonl = [validate_record(r) for r in read_jsonl(demo_dir / "reports.jsonl")]
    from_csv = [validate_record(r) for r in read_csv_records(demo_dir / "csv")]
    assert from_csv == from_jsonl


def test_source_refs_are_unique(demo_dir: Path) -> None:
    keys = [(r["source_system"], r["source_ref"]) for r in read_jsonl(demo_dir / "reports.jsonl")]
    assert len(keys) == len(set(keys))


def test_reports_come_in_time_order(demo_dir: Path) -> None:
    times = [r["reported_at"] for r in read_jsonl(demo_dir / "reports.jsonl")]
    assert times == sorted(times)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("channel", "pigeon"),
        ("classification", "murder"),
        ("reported_at", "2024-01-01T10:00"),
        ("people", [{"mention_id": "x", "role": "victim"}]),
        ("extra_field", 1),
    ],
)
def test_bad_records_name_the_field(demo_dir: Path, field: str, value: object) -> None:
    rec = read_jsonl(demo_dir / "reports.jsonl")[0]
    rec[field] = value
    with pytest.raises(pydantic.ValidationError) as info:
        validate_record(rec)
    assert field in str(info.value)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            ["channel", "narrative", "force_code", "source_ref", "occurred_to", "recorded_at"]
        ),
        st.one_of(st.none(), st.text(max_size=30), st.integers()),
    )
)
def test_arbitrary_field_values_are_rejected_or_accepted_never_crash(
    changes: dict[str, object],
) -> None:
    base = next(generate(SynthConfig(seed=3, reports=1))).record
    with contextlib.suppress(pydantic.ValidationError):
        validate_record({**base, **changes})


def test_config_errors_name_the_field(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="reports"):
        list(generate(SynthConfig(reports=0)))
    with pytest.raises(ValueError, match="forces"):
        list(generate(SynthConfig(forces=9)))
    with pytest.raises(ValueError, match="formats"):
        write_world(tmp_path, formats=("xml",))


def test_cli_writes_a_world(tmp_path: Path) -> None:
    assert (
        main(
            ["--seed", "1", "--reports", "50", "--out", str(tmp_path), "--format", "csv", "--quiet"]
        )
        == 0
    )
    assert (tmp_path / "csv" / "reports.csv").exists()
    assert (tmp_path / "world.json").exists()
    assert main(["--reports", "0", "--out", str(tmp_path), "--quiet"]) == 2


def test_memory_stays_bounded_for_50k_reports() -> None:
    tracemalloc.start()
    try:
        count = sum(1 for _ in generate(SynthConfig(seed=5, reports=50_000)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 50_000
    # Holding 50k reports would take hundreds of MB; the stream needs a few MB.
    assert peak < 40 * 1024 * 1024


def test_output_does_not_depend_on_hash_randomisation(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    outs = []
    for hash_seed in ("1", "4242"):
        out = tmp_path / hash_seed
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "engines.synth", "--reports", "300", "--out", str(out),
             "--format", "both", "--quiet"],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        outs.append(_files(out))
    assert outs[0] == outs[1]
