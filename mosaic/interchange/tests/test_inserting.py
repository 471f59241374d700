"""Bulk import's writer: reserved keys, model defaults, awkward values, COPY on PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from mosaic.interchange.actions import import_job_create, import_job_run
from mosaic.interchange.checking import existing_reports
from mosaic.interchange.inserting import Adapt, Table, reserve_ids, write
from mosaic.interchange.tests.conftest import write_lines
from mosaic.people.models import Person, PersonName
from mosaic.reports.models import Mention, Report

pytestmark = pytest.mark.django_db
AWKWARD = [
    "tab\there",
    "new\nline",
    "back\\slash \\N",
    "quote ' and \" and ,comma",
    "Zoë Ó'Brien — ☎",
    "",
]


def people(count: int) -> list[Person]:
    return [Person.objects.create(display_name=f"Person {n}") for n in range(count)]


def test_reserved_keys_follow_every_key_ever_used_and_the_orm_follows_them():
    gone = people(3)[-1]
    gone_pk = gone.pk
    gone.delete()  # the highest key is gone but must never be used again
    with transaction.atomic():
        keys = list(reserve_ids(Person, 2))
        now = Adapt.now().datetime(gone.created_at)
        write(
            Table(
                Person,
                ("id", "ref", "display_name", "date_of_birth", "created_at"),
                [(k, f"P-TEST000{n}", f"Imported {n}", None, now) for n, k in enumerate(keys)],
            )
        )
    assert min(keys) > gone_pk
    assert len(set(keys)) == 2
    assert set(Person.objects.filter(pk__in=keys).values_list("display_name", flat=True)) == {
        "Imported 0",
        "Imported 1",
    }
    assert Person.objects.create(display_name="After").pk > max(keys)


@pytest.mark.django_db(transaction=True)
def test_keys_are_reserved_only_inside_a_transaction():
    with pytest.raises(RuntimeError, match="transaction"):
        list(reserve_ids(Person, 1))


def test_columns_a_table_leaves_out_get_the_model_defaults_per_row():
    with transaction.atomic():
        keys = list(reserve_ids(Person, 3))
        write(Table(Person, ("id", "display_name"), [(k, f"N{k}") for k in keys]))
    stored = list(Person.objects.filter(pk__in=keys))
    refs = {p.ref for p in stored}
    assert len(refs) == 3  # a callable default (new_person_ref) is drawn for each row
    assert all(re.fullmatch(r"P-[0-9A-Z]{8}", r) for r in refs)
    assert all(p.created_at is not None and p.date_of_birth is None for p in stored)


def test_awkward_text_and_json_survive_the_bulk_write(personas, tmp_path, records):
    # Through executemany on SQLite and COPY's text format on PostgreSQL (tabs, newlines,
    # backslashes and "\N" are COPY's own syntax; NULL must stay NULL, "" stay "").
    path = write_lines(tmp_path / "one.jsonl", [records[0]])
    actor = personas["forceadmin"]
    import_job_run(actor=actor, job=import_job_create(actor=actor, path=path))
    report = Report.objects.get(source_ref=records[0]["source_ref"])
    with transaction.atomic():
        keys = list(reserve_ids(Mention, len(AWKWARD)))
        adapt = Adapt.now()
        write(
            Table(
                Mention,
                ("id", "report_id", "role", "name", "date_of_birth", "age", "problems"),
                [
                    (k, report.pk, "witness", text, None, None, adapt.json([text, {"k": text}]))
                    for k, text in zip(keys, AWKWARD, strict=True)
                ],
            )
        )
    stored = {m.pk: m for m in Mention.objects.filter(pk__in=keys)}
    for key, text in zip(keys, AWKWARD, strict=True):
        mention = stored[key]
        assert (mention.name, mention.problems) == (text, [text, {"k": text}])
        assert (mention.person_id, mention.address_id, mention.age, mention.description) == (
            None,
            None,
            None,
            "",
        )


def test_references_keep_every_digit_past_999999(personas, tmp_path, records):
    # The old batch UPDATE padded with LPAD, which cuts a longer number down to six digits:
    # key 1,234,567 would have become ...-123456 and collided with report 123,456.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('reports_report', 'id'), 1234566)")
        else:
            cursor.execute("DELETE FROM sqlite_sequence WHERE name = 'reports_report'")
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ('reports_report', 1234566)"
            )
    path = write_lines(tmp_path / "two.jsonl", records[:2])
    actor = personas["forceadmin"]
    job = import_job_run(actor=actor, job=import_job_create(actor=actor, path=path))
    assert job.accepted == 2
    stored = Report.objects.filter(source_ref__in=[r["source_ref"] for r in records[:2]])
    for report in stored:
        assert report.pk >= 1234567
        assert report.reference == f"NS-{report.reported_at:%Y}-{report.pk}"


def test_people_and_names_of_an_import_match_their_mentions(personas, jsonl):
    actor = personas["forceadmin"]
    import_job_run(actor=actor, job=import_job_create(actor=actor, path=jsonl), batch_size=7)
    named = Mention.objects.exclude(name="")
    assert named.count() == Person.objects.count() == PersonName.objects.count()
    for mention in named.select_related("person"):
        assert mention.person is not None
        assert mention.person.display_name == mention.name
        assert list(mention.person.names.values_list("written", flat=True)) == [mention.name]
    assert not Mention.objects.filter(name="", person__isnull=False).exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_existence_check_is_an_index_search_not_a_scan():
    # By source_ref alone it scanned every report in every batch: import slowed as it went.
    plan = existing_reports({"crimes"}, {"A1", "A2"}).explain()
    assert "USING COVERING INDEX report_source_ref_once" in plan or (
        "USING INDEX report_source_ref_once" in plan
    ), plan


def _copy_spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import psycopg

    statements: list[str] = []
    real = psycopg.Cursor.copy

    def copy(self: Any, statement: Any, *args: Any, **kwargs: Any) -> Any:
        statements.append(str(statement))
        return real(self, statement, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "copy", copy)
    return statements


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_postgres_writes_each_table_of_a_batch_with_one_copy(personas, jsonl, monkeypatch):
    statements = _copy_spy(monkeypatch)
    actor = personas["forceadmin"]
    job = import_job_run(actor=actor, job=import_job_create(actor=actor, path=jsonl), batch_size=40)
    assert job.accepted == 40
    tables = [re.match(r'COPY "(\w+)"', s).group(1) for s in statements]
    order = [
        "reports_location",
        "reports_report",
        "people_person",
        "people_personname",
        "reports_mention",
        "people_identifier",
        "interchange_importedorder",
        "interchange_importedassessment",
    ]
    assert tables == [t for t in order if t in tables]  # one COPY a table, parents first
    assert {"reports_report", "reports_mention", "people_identifier"} <= set(tables)
    assert Report.objects.count() == 40


def test_a_processing_import_runs_the_intake_steps_on_each_stored_report(
    personas, tmp_path, records, monkeypatch
):
    seen: list[tuple[str, int]] = []

    def step(*, actor: Any, report: Report) -> None:
        # The report as stored: its reference and its mentions are already there.
        seen.append((report.source_ref, report.mentions.count()))
        assert re.fullmatch(r"NS-\d{4}-\d{6,}", report.reference)

    monkeypatch.setattr("mosaic.reports.pipeline.intake_steps", lambda: [step])
    path = write_lines(tmp_path / "five.jsonl", records[:5])
    actor = personas["forceadmin"]
    job = import_job_create(actor=actor, path=path, process=True)
    job = import_job_run(actor=actor, job=job, batch_size=2)
    assert job.accepted == 5
    assert seen == [(r["source_ref"], len(r["people"])) for r in records[:5]]


def test_person_refs_already_used_or_drawn_twice_are_drawn_again(
    personas, tmp_path, records, monkeypatch
):
    from mosaic.interchange import storing

    taken = Person.objects.create(display_name="Already here").ref
    draws: list[int] = []
    real: Callable[[int], list[str]] = storing.new_person_refs

    def unlucky(count: int) -> list[str]:
        draws.append(count)
        if len(draws) == 1 and count >= 3:  # the first draw repeats itself and an old ref
            return [taken, "P-AAAAAAAA", "P-AAAAAAAA", *real(count - 3)]
        return real(count)

    monkeypatch.setattr(storing, "new_person_refs", unlucky)
    path = write_lines(tmp_path / "some.jsonl", records[:5])
    actor = personas["forceadmin"]
    job = import_job_run(actor=actor, job=import_job_create(actor=actor, path=path), batch_size=5)
    assert job.accepted == 5
    assert draws[:2] == [draws[0], 2]  # the taken ref and the repeat, drawn again
    refs = list(Person.objects.values_list("ref", flat=True))
    assert len(refs) == len(set(refs)) == 1 + Mention.objects.exclude(name="").count()


def test_person_refs_drawn_in_bulk_read_their_40_bits_as_single_refs_do(monkeypatch):
    """Each ref is 8 symbols of 5 bits, most significant first, from the refs' own alphabet
    (what the per-ref loop this replaced computed)."""
    from mosaic.people import models as people

    pool = bytes(range(256)) * 5  # 256 refs' worth of known bits
    monkeypatch.setattr(people.secrets, "token_bytes", lambda n: pool[:n])
    refs = people.new_person_refs(256)
    for n, ref in enumerate(refs):
        bits = int.from_bytes(pool[5 * n : 5 * n + 5], "big")
        expected = "".join(people._REF_ALPHABET[(bits >> s) & 31] for s in range(35, -1, -5))
        assert ref == "P-" + expected
    assert re.fullmatch(r"P-[0-9A-HJKMNP-TV-Z]{8}", refs[0])


@pytest.mark.django_db
@pytest.mark.parametrize("offset_minutes", [0, 60, -300, 330])
@pytest.mark.parametrize("microsecond", [0, 123456])
def test_timestamps_are_written_as_the_orm_writes_them(offset_minutes, microsecond):
    from datetime import datetime, timedelta, timezone

    value = datetime(
        2024, 3, 31, 0, 30, 5, microsecond, timezone(timedelta(minutes=offset_minutes))
    )
    adapt = Adapt.now()
    assert adapt.datetime(value) == connection.ops.adapt_datetimefield_value(value)
    assert adapt.datetime(None) is None
