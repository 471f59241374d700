"""The one adapter from stored reports and orders to the engines' plain records.

Behaviours and risk cues come from the narrative app's stored, officer-reviewed tags
(``mosaic.narratives.facts.happened_tags``): an officer's confirmation, correction or added tag
counts, a rejected tag does not; only a report with nothing stored is read by the narrative
engine on the fly. Load reports with ``Report.objects.for_engines()`` so the tags come
prefetched (no query per report). The
effect on the victim is not yet asked at intake, so it is read from the report (see
``effects_of``): that mapping is written down here, in one place, to be replaced by the
officer's own answer when the intake form asks it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from engines.conduct import ConductReport
from engines.conduct import Order as ConductOrder
from engines.risk import BreachReport, Condition, Incident, normalise_postcode
from engines.risk import Order as RiskOrder
from mosaic.narratives.facts import happened_tags
from mosaic.reports.models import Mention, Report, Role
from mosaic.risk.models import Order


@dataclass(frozen=True)
class Tags:
    """What the narrative says happened: behaviour and risk-cue codes and the words for each."""

    behaviours: tuple[str, ...] = ()
    risk_cues: tuple[str, ...] = ()
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    version: str = ""


def tags_of(report: Report) -> Tags:
    """What happened in a report's narrative, from its stored tags with officers' reviews
    applied (see :func:`mosaic.narratives.facts.happened_tags`)."""
    found = happened_tags(report)
    return Tags(
        behaviours=found.behaviours,
        risk_cues=found.risk_cues,
        words=found.words,
        version=found.version,
    )


_THREATS = frozenset({"threat_to_kill", "threat_of_violence", "weapon", "physical_violence"})


def effects_of(tags: Tags) -> list[str]:
    """The effect on the victim, until intake asks it.

    A victim who reports conduct to the police is taken to have been alarmed or distressed
    (PHA 1997 s.7(2)); a changed routine is the "substantial adverse effect" of s.4A(1)(b)(ii);
    a very frightened victim who was threatened with violence fears violence (s.4A(1)(b)(i)).
    """
    effects = ["alarm_or_distress"]
    cues = set(tags.risk_cues)
    if "victim_changed_behaviour" in cues:
        effects.append("serious_alarm_or_distress")
    if "victim_very_frightened" in cues and cues & _THREATS:
        effects.append("fear_of_violence")
    return effects


def people(report: Report, role: str) -> list[str]:
    """Public refs of the resolved people in one role (mentions must be prefetched)."""
    return sorted({m.person.ref for m in _mentions(report) if m.role == role and m.person})


def _mentions(report: Report) -> list[Mention]:
    return list(report.mentions.all())


def _age(m: Mention, today: date) -> int | None:
    if m.age is not None:
        return m.age
    if m.date_of_birth is None:
        return None
    dob = m.date_of_birth
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


_CONDUCT_ORDER_TYPES = {
    "spo_interim": "stalking_protection_order",
    "spo_full": "stalking_protection_order",
    "restraining_conviction": "restraining_order",
    "restraining_acquittal": "restraining_order_on_acquittal",
    "non_molestation": "non_molestation_order",
    "bail": "bail_conditions",
    "dvpn": "domestic_violence_protection_order",
    "dvpo": "domestic_violence_protection_order",
}


def conduct_order(order: Order, victims: Sequence[str]) -> ConductOrder:
    """An order as the conduct engine reads it (protecting the report's victims it covers)."""
    protects = sorted(set(protected_refs(order)) & set(victims)) or list(victims)
    return ConductOrder.model_validate(
        {
            "id": order.ref,
            "type": _CONDUCT_ORDER_TYPES[order.kind],
            "against": order.subject.ref,
            "protects": protects,
            "from": order.starts_at.date(),
            "to": order.ends_at.date() if order.ends_at else None,
        }
    )


def conduct_report(report: Report, breached: Sequence[Order] = ()) -> ConductReport:
    """A stored report as the conduct engine's ``ConductReport`` (ids are public refs)."""
    tags = tags_of(report)
    victims, suspects = people(report, Role.VICTIM), people(report, Role.SUSPECT)
    today = report.reported_at.date()
    ages = {m.person.ref: _age(m, today) for m in _mentions(report) if m.person}
    return ConductReport(
        id=report.reference,
        occurred_from=report.occurred_from,
        occurred_to=report.occurred_to,
        reported_at=report.reported_at,
        recorded_at=recorded_at(report),
        victims=victims,
        suspects=suspects,
        ages={k: v for k, v in ages.items() if v is not None},
        behaviours=list(tags.behaviours),
        risk_cues=list(tags.risk_cues),
        effects=effects_of(tags),
        breaches=[o.ref for o in breached],
        recorded_classification=report.classification,
        orders=[conduct_order(o, victims) for o in breached],
    )


# Recorded as these, a report recorded no crime (a warning is not a crime record either).
_NO_CRIME = frozenset({"none", "concern_for_welfare", "asb", "harassment_warning"})


def recorded_at(report: Report) -> datetime | None:
    """When a crime was recorded for the report: the time the records system gave (imported
    history), else when Mosaic stored it as one."""
    if report.classification in _NO_CRIME:
        return None
    if report.crime_recorded_at is not None:
        return max(report.crime_recorded_at, report.reported_at)
    return max(report.created_at, report.reported_at)


def incident(report: Report, *, breached: bool = False) -> Incident:
    """A stored report as a risk ``Incident``."""
    tags = tags_of(report)
    suspects = people(report, Role.SUSPECT)
    return Incident(
        report_id=report.reference,
        occurred_at=report.occurred_from,
        suspect_id=suspects[0] if suspects else None,
        victim_ids=tuple(people(report, Role.VICTIM)),
        behaviours=tags.behaviours,
        risk_cues=tags.risk_cues,
        words=tags.words,
        channel=report.channel,
        breached_order=breached,
    )


def protected_refs(order: Order) -> list[str]:
    """Refs of the people an order protects (``protected`` must be prefetched)."""
    return sorted(p.ref for p in order.protected.all())


def risk_order(order: Order) -> RiskOrder:
    """A stored order as the risk engine's ``Order``."""
    conditions = tuple(
        Condition(
            kind=c["kind"],
            protected_ids=tuple(c.get("protected", ())),
            indirect=bool(c.get("indirect", True)),
            postcodes=tuple(c.get("postcodes", ())),
            places=tuple(c.get("places", ())),
            notification_days=c.get("notification_days"),
        )
        for c in order.conditions
    )
    return RiskOrder(
        order_id=order.ref,
        kind=order.kind,  # type: ignore[arg-type]  # the engine accepts the string value
        subject_id=order.subject.ref,
        protected_ids=tuple(protected_refs(order)),
        starts_at=order.starts_at,
        conditions=conditions,
        ends_at=order.ends_at,
        served_at=order.served_at,
    )


def _postcode(report: Report) -> str | None:
    if report.location is None or not report.location.postcode:
        return None
    try:
        return normalise_postcode(report.location.postcode)
    except ValueError:
        return None  # kept as written on the report and flagged there


def breach_report(report: Report, suspect: str) -> BreachReport:
    """The facts of a report that matter for breaches, for one of its suspects."""
    tags = tags_of(report)
    return BreachReport(
        report_id=report.reference,
        occurred_at=report.occurred_from,
        suspect_id=suspect,
        victim_ids=tuple(people(report, Role.VICTIM)),
        postcode=_postcode(report),
        place=report.location.address if report.location and report.location.address else None,
        channel=report.channel,
        behaviours=tags.behaviours,
        third_party_contact="third_party_contact" in tags.behaviours,
        posted_online="publishing" in tags.behaviours,
    )
