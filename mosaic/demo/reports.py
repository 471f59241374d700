"""A small hand-written history of fictional reports for the demonstration.

Three earlier reports about one suspect written three ways, in two units, so that the first
thing a newcomer records ("Danny Whitmore", a new phone number) has a history to find; then
two later reports that name him as the person already on file, which open a course of
conduct (classification, flags, risk) on the Public Protection Unit's queue.
Phone numbers are in Ofcom's drama range (07700 900000-900999); e-mails on example domains.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from mosaic.accounts.models import User
from mosaic.reports.actions import report_record
from mosaic.reports.models import Report
from mosaic.reports.schemas import ReportIn


def _at(days_ago: int, hour: int = 20) -> datetime:
    now = timezone.localtime()
    return (now - timedelta(days=days_ago)).replace(hour=hour, minute=15, second=0, microsecond=0)


def _report(days_ago: int, narrative: str, suspect: dict[str, Any], **extra: Any) -> dict[str, Any]:
    victim = {
        "role": "victim",
        "name": "Hannah Corrigan",
        "date_of_birth": "14/06/1991",
        "identifiers": [{"type": "phone", "value": "07700 900311"}],
        "address": {"address": "12 Larch Close, Northbridge", "postcode": "NB3 4QT"},
    }
    return {
        "occurred_from": _at(days_ago),
        "reported_at": _at(days_ago, 22),
        "channel": extra.pop("channel", "call_101"),
        "classification": extra.pop("classification", "none"),
        "narrative": narrative,
        "location": {"address": "Larch Close, Northbridge", "postcode": "NB3 4QT"},
        "people": [victim, {"role": "suspect", **suspect}],
        **extra,
    }


HISTORY = [
    (
        "PPU",
        _report(
            96,
            "Caller states her ex-partner Daniel Whitmore has sent over forty text messages "
            "since they separated in the spring, asking to meet. She has asked him to stop.",
            {
                "name": "Daniel Whitmore",
                "date_of_birth": "02/11/1988",
                "identifiers": [{"type": "phone", "value": "07700 900123"}],
            },
            classification="malicious_communications",
        ),
    ),
    (
        "RESP",
        _report(
            61,
            "Victim reports Dan Whitmore was waiting outside her workplace at 17:30 and followed "
            "her to the bus stop. She is frightened and has changed her route home.",
            {
                "name": "Dan Whitmore",
                "identifiers": [
                    {"type": "phone", "value": "+44 7700 900123"},
                    {"type": "vehicle", "value": "nb19 kxt"},
                ],
            },
            channel="call_999",
        ),
    ),
    (
        "PPU",
        _report(
            23,
            "Victim received messages on Instagram from @d.whit88 saying 'you can't hide from me'. "
            "A bunch of flowers was left on her doorstep with no card.",
            {
                "name": "D. Whitmore",
                "age": 37,
                "identifiers": [{"type": "handle", "value": "https://www.instagram.com/d.whit88/"}],
            },
            classification="concern_for_welfare",
            channel="online",
        ),
    ),
]


# The Instagram report names "D. Whitmore", age 37, and a new handle: too little for the
# linkage engine to link on its own (p = 0.41 under the default model). The officer who
# recorded it chose the suspect from the intake preview, as a newcomer does; so does the demo.
CHOSEN_FROM_PREVIEW = {2}


# Later reports in which the officer named the people already on file (from the first report),
# so the demo shows a course of conduct with its classification and risk before linkage lands.
FOLLOW_UPS = [
    _report(
        12,
        "Hannah reports Daniel Whitmore followed her from the gym to her car and sat outside "
        "her flat in his car until midnight. She is very frightened and has moved in with her "
        "sister.",
        {},
    ),
    _report(
        4,
        "Daniel Whitmore sent her sister a message saying he will kill Hannah if she goes to "
        "court. He turned up at her workplace and was watching her through the window.",
        {},
        channel="call_999",
    ),
]


def _named(payload: dict[str, Any], first: Report) -> dict[str, Any]:
    refs = {m.role: m.person.ref for m in first.mentions.all() if m.person}
    victim, _suspect = payload["people"]
    people = [
        {"role": "victim", "person": refs["victim"], "name": victim["name"]},
        {"role": "suspect", "person": refs["suspect"], "name": "Daniel Whitmore"},
    ]
    return {**payload, "people": people}


def load_history(users: dict[str, User]) -> int:
    """Record the demo history once (a second run adds nothing). Returns reports added."""
    if Report.objects.exists():
        return 0
    by_unit = {"PPU": users["officer"], "RESP": users["otherunit"]}
    first_suspect = ""
    recorded = []
    for index, (unit, payload) in enumerate(HISTORY):
        data = copy.deepcopy(payload)
        if index in CHOSEN_FROM_PREVIEW:
            data["people"][1]["person"] = first_suspect
        report = report_record(actor=by_unit[unit], data=ReportIn.model_validate(data))
        recorded.append(report)
        suspect = report.mentions.filter(role="suspect").select_related("person").first()
        if not first_suspect and suspect is not None and suspect.person is not None:
            first_suspect = suspect.person.ref
    for payload in FOLLOW_UPS:
        follow_up = ReportIn.model_validate(_named(payload, recorded[0]))
        report_record(actor=users["officer"], data=follow_up)
    return len(HISTORY) + len(FOLLOW_UPS)
