"""The recording rules as versioned, JSON-serialisable data.

Everything a recording decision depends on that a force or a later edition of the Crime
Recording Rules might change lives here, not in the control flow: the offence catalogue
(gravity, ladder category), the conduct-crime ladder (CRR 2026/27 pp.55-57), the breach table
(pp.89-90), the historical regimes and the time limits. ``RuleSet.version`` is stamped on every
decision.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources

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

# The shipped rule set is a JSON document beside this module: the rules as data, reviewable
# without reading Python, and the same document a force could copy and amend.
SHIPPED_RULESET = "crr_2026_27.json"


@cache
def default_ruleset() -> RuleSet:
    """The Crime Recording Rules 2026/27 (April v2) as data (frozen, so shared safely)."""
    text = resources.files(__package__).joinpath(SHIPPED_RULESET).read_text(encoding="utf-8")
    return RuleSet.model_validate_json(text)
