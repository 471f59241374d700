"""The file command: CSV in, mention_id,person_id out; ids kept with --previous."""

from __future__ import annotations

import csv

from engines.linkage import default_model, link_file
from engines.linkage._internal.link_file import main

ROWS = [
    {"mention_id": "m1", "first_name": "Jane", "last_name": "Hartley", "phone": "07700 900123"},
    {
        "mention_id": "m2",
        "full_name": "Jane Hartley",
        "date_of_birth": "03/04/1990",
        "phone": "+447700900123",
        "colour": "ignored",
    },
    {"mention_id": "m3", "first_name": "Amara", "last_name": "Okafor", "phone": "999"},
    {"mention_id": "m4", "first_name": "Zed", "last_name": "Quist", "phone": "999"},
    {"mention_id": "m5", "first_name": "", "last_name": "", "email": "j.h@example.com"},
    {
        "mention_id": "m6",
        "first_name": "J",
        "last_name": "Hartley",
        "email": "J.H@example.com",
        "date_of_birth": "1990-04-03",
        "phone": "07700900123",
    },
]


def write(path, rows):
    fields = sorted({k for r in rows for k in r}, key=lambda k: (k != "mention_id", k))
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def read(path):
    with path.open(newline="", encoding="utf-8") as fh:
        return {r["mention_id"]: r["person_id"] for r in csv.DictReader(fh)}


def test_mentions_become_persons(tmp_path):
    src, out = tmp_path / "m.csv", tmp_path / "c.csv"
    write(src, ROWS)
    stats = link_file(src, out, default_model(), progress=False)
    got = read(out)
    assert list(got) == [r["mention_id"] for r in ROWS]
    assert got["m1"] == got["m2"] == got["m6"]
    # A mention naming nobody links through its one specific identifier (the issue: "an unknown
    # suspect known only by a number or a handle links through that identifier").
    assert got["m5"] == got["m6"]
    assert got["m3"] != got["m4"]  # 999 links nobody
    assert (stats.rows, stats.persons) == (6, 3)


def test_previous_output_keeps_person_ids(tmp_path):
    src, out, again = tmp_path / "m.csv", tmp_path / "c.csv", tmp_path / "c2.csv"
    write(src, ROWS[:4])
    link_file(src, out, default_model(), progress=False)
    write(src, ROWS)
    link_file(src, again, default_model(), previous=out, progress=False)
    before, after = read(out), read(again)
    assert all(after[m] == before[m] for m in before)


def test_the_command_line(tmp_path, capsys):
    src, out = tmp_path / "m.csv", tmp_path / "c.csv"
    write(src, ROWS)
    assert main([str(src), "--out", str(out), "--quiet"]) == 0
    assert "6 mentions -> 3 persons" in capsys.readouterr().err


def test_a_file_without_mention_id_is_refused(tmp_path, capsys):
    src = tmp_path / "m.csv"
    write(src, [{"name": "x"}])
    assert main([str(src), "--out", str(tmp_path / "c.csv"), "--quiet"]) == 2
    assert "mention_id" in capsys.readouterr().err


def test_a_bad_model_file_is_refused(tmp_path, capsys):
    src, model = tmp_path / "m.csv", tmp_path / "model.json"
    write(src, ROWS)
    model.write_text("{}", encoding="utf-8")
    assert main([str(src), "--out", str(tmp_path / "c.csv"), "--model", str(model)]) == 2
    assert "format" in capsys.readouterr().err
