"""Risk engine: DASH and S-DASH scoring, MARAC criteria, dynamic escalation signals, the risk
level of a course of conduct, protective orders with automatic breach checks, and
safeguarding prompts.

Pure Python, no Django. Questionnaires and rules are versioned JSON data (``dash_config``,
``sdash_config``, ``default_rules``); every result records the version that made it. All
datetimes must be timezone-aware. See ``docs/subsystems/risk.md``.
"""

from __future__ import annotations

from ._internal.breaches import Breach, BreachReport, check_breaches
from ._internal.config import (
    ConfigError,
    Question,
    Questionnaire,
    RiskBand,
    dash_config,
    default_rules,
    questionnaire_from_dict,
    sdash_config,
)
from ._internal.level import LevelChange, RiskLevel, assess
from ._internal.marac import Criterion, MaracDecision, ProfessionalJudgement, marac_referral
from ._internal.orders import (
    Condition,
    ConditionKind,
    InvalidOrder,
    NotificationClock,
    Order,
    OrderKind,
    OrderProblem,
    normalise_postcode,
    notification_clock,
    postcode_in_zone,
    validate_order,
)
from ._internal.prompts import Prompt
from ._internal.questionnaire import (
    Answer,
    AnswerProblem,
    DashResult,
    InvalidAnswers,
    SdashResult,
    Status,
    score_dash,
    score_sdash,
    sdash_prompt,
)
from ._internal.safeguarding import CaseFacts, PinDecision, check_pin_allowed, safeguarding_prompts
from ._internal.signals import Evidence, Incident, Signal, signals

__all__ = [
    "Answer",
    "AnswerProblem",
    "Breach",
    "BreachReport",
    "CaseFacts",
    "Condition",
    "ConditionKind",
    "ConfigError",
    "Criterion",
    "DashResult",
    "Evidence",
    "Incident",
    "InvalidAnswers",
    "InvalidOrder",
    "LevelChange",
    "MaracDecision",
    "NotificationClock",
    "Order",
    "OrderKind",
    "OrderProblem",
    "PinDecision",
    "ProfessionalJudgement",
    "Prompt",
    "Question",
    "Questionnaire",
    "RiskBand",
    "RiskLevel",
    "SdashResult",
    "Signal",
    "Status",
    "assess",
    "check_breaches",
    "check_pin_allowed",
    "dash_config",
    "default_rules",
    "marac_referral",
    "normalise_postcode",
    "notification_clock",
    "postcode_in_zone",
    "questionnaire_from_dict",
    "safeguarding_prompts",
    "score_dash",
    "score_sdash",
    "sdash_config",
    "sdash_prompt",
    "signals",
    "validate_order",
]
