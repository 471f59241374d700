"""The recording rules as versioned, JSON-serialisable data.

Everything a recording decision depends on that a force or a later edition of the Crime
Recording Rules might change lives here, not in the control flow: the offence catalogue
(gravity, ladder category), the conduct-crime ladder (CRR 2026/27 pp.55-57), the breach table
(pp.89-90), the historical regimes and the time limits. ``RuleSet.version`` is stamped on every
decision.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class Rule(BaseModel):
    """One rule application's identity: a stable id, a one-line statement and its CRR page."""

    model_config = ConfigDict(frozen=True)

    id: str
    statement: str
    page: str
    source: str = "CRR 2026/27"


class Offence(BaseModel):
    """A non-conduct offence: its gravity and where it sits against the conduct-crime ladder.

    ``category`` is one of: ``assault_to_8n`` (8N and below), ``sexual``, ``theft``, ``damage``,
    ``public_order``, ``comms`` (8R other than threats), ``comms_threat`` (005/28),
    ``serious`` (above 8N: GBH s.18, burglary …).
    """

    model_config = ConfigDict(frozen=True)

    code: str
    label: str
    max_years: float
    category: str
    victim_based: bool = True


class Rung(BaseModel):
    """One rung of the conduct-crime precedence ladder, CRR 2026/27 pp.56-57."""

    model_config = ConfigDict(frozen=True)

    rank: int
    classes: tuple[str, ...]
    # Offence categories this rung is principal over when reported at the same time.
    beats_categories: tuple[str, ...]
    # Sexual offences are beaten only if their maximum is below/at this many years.
    beats_sexual_max_years: float | None = None
    beats_sexual_inclusive: bool = True
    # Classes this rung is never principal over (named exceptions).
    except_codes: tuple[str, ...] = ()
    # Rung 4 also beats "any offence where sentencing is under 5 years" (p.57).
    beats_any_under_years: float | None = None
    page: str


class RuleSet(BaseModel):
    """The whole rule set. Serialise with ``model_dump_json()``; load with ``model_validate``."""

    model_config = ConfigDict(frozen=True)

    version: str
    conduct_classes: dict[str, str]
    conduct_max_years: dict[str, float]
    ladder: tuple[Rung, ...]
    offences: dict[str, Offence]
    message_offences: dict[str, str]
    absorbed_after_recording: tuple[str, ...]
    breach_classes: dict[str, str | None]
    stalking_behaviours_beyond_contact: tuple[str, ...]
    contact_behaviours: tuple[str, ...]
    personally_connected: tuple[str, ...]
    harmful_effects: tuple[str, ...]
    double_recording_from: date
    double_recording_to: date
    former_partner_presumption_from: date
    threatening_comms_from: date
    continuation_months: int = 3
    recording_hours: int = 24
    summary_time_limit_months: int = 6
    ending_actions: tuple[str, ...] = (
        "charged",
        "summonsed",
        "cautioned",
        "convicted",
        "acquitted",
    )
    rules: dict[str, Rule] = Field(default_factory=dict)


_U8N = ("assault_to_8n", "theft", "damage", "public_order", "comms", "comms_threat")

_OFFENCES = [
    Offence(code="105/01", label="Assault without injury", max_years=0.5, category="assault_to_8n"),
    Offence(code="008/06", label="Assault occasioning ABH", max_years=5, category="assault_to_8n"),
    Offence(code="008/01", label="GBH s.20", max_years=5, category="assault_to_8n"),
    Offence(code="008/77", label="Non-fatal strangulation", max_years=5, category="assault_to_8n"),
    Offence(code="gbh_s18", label="GBH with intent s.18", max_years=99, category="serious"),
    Offence(
        code="149/00",
        label="Criminal damage under 5,000 pounds",
        max_years=10,
        category="damage",
        victim_based=False,
    ),
    Offence(
        code="058/00",
        label="Criminal damage over 5,000 pounds",
        max_years=10,
        category="damage",
        victim_based=False,
    ),
    Offence(code="theft", label="Theft", max_years=7, category="theft", victim_based=False),
    Offence(code="burglary", label="Burglary", max_years=14, category="serious"),
    Offence(
        code="019/08", label="Rape of a female aged 16 or over", max_years=99, category="sexual"
    ),
    Offence(
        code="020/05",
        label="Sexual assault on a female aged 13 or over",
        max_years=10,
        category="sexual",
    ),
    Offence(code="125/09", label="Public Order Act s.4A", max_years=2, category="public_order"),
    Offence(code="068/25", label="Public Order Act s.4B", max_years=0.5, category="public_order"),
    Offence(
        code="public_order_s5", label="Public Order Act s.5", max_years=0.0, category="public_order"
    ),
    Offence(code="008/72", label="Malicious communications", max_years=2, category="comms"),
    Offence(code="138/52", label="False communications", max_years=1, category="comms"),
    Offence(
        code="005/28", label="Threatening communications", max_years=5, category="comms_threat"
    ),
    Offence(
        code="intimate_image_sharing",
        label="Sharing intimate images",
        max_years=2,
        category="sexual",
    ),
    Offence(code="cyberflashing", label="Cyberflashing", max_years=2, category="sexual"),
]
# Aliases from the case format's offence keys to catalogue codes.
OFFENCE_ALIASES = {
    "assault_without_injury": "105/01",
    "abh": "008/06",
    "gbh_s20": "008/01",
    "strangulation": "008/77",
    "criminal_damage": "149/00",
    "rape": "019/08",
    "sexual_assault": "020/05",
    "public_order_s4a": "125/09",
}

_RULES = {
    r.id: r
    for r in [
        Rule(id="TIME-24H", statement="Record within 24 hours of the report", page="p.10"),
        Rule(
            id="PCR-GENERAL",
            statement="One crime, the most serious, per finished incident",
            page="p.12",
        ),
        Rule(id="RECLASSIFY-FCR", statement="Reclassification is for the FCR/DDM", page="p.13"),
        Rule(
            id="PCR-RELATED", statement="Related offences are included classifications", page="p.18"
        ),
        Rule(
            id="COC-NONE", statement="A single incident is not a course of conduct", page="p.50-51"
        ),
        Rule(
            id="NUISANCE",
            statement="Calls causing only nuisance are an incident (ASB)",
            page="p.50-51",
        ),
        Rule(
            id="STALK-FIRST", statement="Think stalking first: acts beyond contact", page="p.51-52"
        ),
        Rule(
            id="HARASS-NOT-STALK",
            statement="Reason recorded for harassment over stalking",
            page="p.51",
        ),
        Rule(
            id="EXPARTNER", statement="Former partners both 16+: stalking presumption", page="p.55"
        ),
        Rule(id="S4-FEAR", statement="Fear of violence on two occasions: s.4 / s.4A", page="p.52"),
        Rule(
            id="S4A-SERIOUS",
            statement="Serious alarm/distress, substantial effect: s.4A",
            page="p.52",
        ),
        Rule(
            id="AGGRAVATED",
            statement="Racially/religiously aggravated form (8M)",
            page="p.52, p.56-57",
        ),
        Rule(
            id="CCB",
            statement="Controlling or coercive behaviour needs personal connection, "
            "repetition and serious effect",
            page="p.54-55",
        ),
        Rule(id="ONE-PER-VICTIM", statement="One crime per specific intended victim", page="p.55"),
        Rule(
            id="MOST-SERIOUS-CONDUCT",
            statement="Only the most serious conduct offence between the same victim and offender",
            page="p.55",
        ),
        Rule(id="LADDER", statement="Conduct-crime precedence ladder", page="p.56-57"),
        Rule(id="LADDER-FCR", statement="Unclear principal crime goes to the FCR", page="p.57"),
        Rule(
            id="FINISHED-INCIDENT",
            statement="Later offending: new recording decision",
            page="p.57-58",
        ),
        Rule(
            id="MC-ABSORBED",
            statement="Continuing malicious/false comms are absorbed",
            page="p.57-58",
        ),
        Rule(
            id="THREAT-ADDITIONAL",
            statement="Threatening comms 005/28 recorded additionally",
            page="p.58",
        ),
        Rule(
            id="NEW-OFFENCE-ADDITIONAL",
            statement="New notifiable offences recorded "
            "additionally and added to the conduct crime",
            page="p.58",
        ),
        Rule(
            id="CONTINUATION",
            statement="Continuation added to the crime unless dealt with or 3 months passed",
            page="p.58",
        ),
        Rule(id="UPGRADE-REVIEW", statement="Review s.2/2A for upgrade to s.4/4A", page="p.58"),
        Rule(
            id="COC-ENDS", statement="Conviction, acquittal or order ends the course", page="p.52"
        ),
        Rule(
            id="MC-PER-RECIPIENT", statement="Malicious comms: one crime per recipient", page="p.58"
        ),
        Rule(
            id="BREACH",
            statement="Notifiable breaches recorded additionally, one per offender",
            page="p.89-90",
        ),
        Rule(
            id="BREACH-NOT-NOTIFIABLE",
            statement="Bail/DVPN/DVPO breaches are not notifiable",
            page="p.90",
        ),
        Rule(
            id="DOUBLE-RECORDING",
            statement="Apr 2018 to mid-May 2023: conduct crime "
            "recorded as well as the most serious other offence",
            page="(counting rules 2018/19 to 2022/23)",
            source="GSS VAWG dashboard notes, not in CRR 2026/27",
        ),
        Rule(
            id="INCLUDED",
            statement="Crimes not principal are searchable included classifications",
            page="p.55",
        ),
    ]
}


def default_ruleset() -> RuleSet:
    """The Crime Recording Rules 2026/27 (April v2) as data."""
    return RuleSet(
        version="crr-2026.27-april-v2/conduct-1",
        conduct_classes={
            "008/58": "8M",
            "008/65": "8Q",
            "008/66": "8Q",
            "008/30": "8L",
            "008/67": "8U",
            "008/56": "8M",
            "195/12": "8Q",
            "195/94": "8L",
        },
        conduct_max_years={
            "008/58": 14,
            "008/65": 10,
            "008/66": 10,
            "008/30": 10,
            "008/67": 5,
            "008/56": 2,
            "195/12": 0.5,
            "195/94": 0.5,
        },
        ladder=(
            Rung(
                rank=1,
                classes=("008/58",),
                beats_categories=_U8N,
                beats_sexual_max_years=14,
                beats_sexual_inclusive=False,
                page="p.56",
            ),
            Rung(
                rank=2,
                classes=("008/65", "008/66", "008/30"),
                beats_categories=_U8N,
                beats_sexual_max_years=10,
                page="p.56",
            ),
            Rung(
                rank=3,
                classes=("008/67",),
                beats_categories=_U8N,
                beats_sexual_max_years=10,
                page="p.56",
            ),
            Rung(
                rank=4,
                classes=("008/56",),
                beats_categories=_U8N,
                except_codes=("008/01",),
                beats_any_under_years=5,
                page="p.57",
            ),
            Rung(
                rank=5,
                classes=("195/12", "195/94"),
                beats_categories=("assault_to_8n", "theft", "damage", "public_order", "comms"),
                except_codes=("008/01", "008/77"),
                page="p.57",
            ),
        ),
        offences={o.code: o for o in _OFFENCES},
        message_offences={
            "grossly_offensive": "008/72",
            "indecent": "008/72",
            "threatening": "005/28",
            "false": "138/52",
        },
        absorbed_after_recording=("008/72", "138/52", "008/67"),
        breach_classes={
            "restraining_order": "008/31",
            "restraining_order_on_acquittal": "066/38",
            "stalking_protection_order": "008/74",
            "non_molestation_order": "066/39",
            "domestic_violence_protection_order": None,
            "bail_conditions": None,
        },
        stalking_behaviours_beyond_contact=(
            "following",
            "publishing",
            "monitoring_online",
            "loitering",
            "interfering_with_property",
            "watching_spying",
            "uninvited_visit",
            "identity_misuse",
            "unsolicited_gifts",
            "hacking",
            "vexatious_process",
            "third_party_contact",
        ),
        contact_behaviours=("contacting",),
        personally_connected=("current_intimate_partner", "former_intimate_partner", "family"),
        harmful_effects=("alarm_or_distress", "fear_of_violence", "serious_alarm_or_distress"),
        double_recording_from=date(2018, 4, 1),
        double_recording_to=date(2023, 5, 15),
        former_partner_presumption_from=date(2020, 4, 1),
        threatening_comms_from=date(2024, 1, 31),
        rules=_RULES,
    )
