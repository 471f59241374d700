"""Across a course of conduct: the FOUR view (Fixated, Obsessive, Unwanted, Repeated) and the
misclassification signal. Only hits that ``happened`` count; every indicator carries its evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from engines.narrative._internal.model import (
    Evidence,
    FourView,
    Hit,
    Indicator,
    MisclassificationSignal,
    NarrativeResult,
)
from engines.vocabulary import BEHAVIOURS

# Behaviours that on their own show sustained attention to the person's life (obsession).
OBSESSIVE_CODES = frozenset(
    {"monitoring_online", "watching_spying", "hacking", "identity_misuse", "unsolicited_gifts"}
)
UNWANTED_CODES = frozenset(
    {"victim_very_frightened", "victim_changed_behaviour", "breach_of_order"}
)
# Recorded classifications that already are the conduct crime (words or Home Office codes).
CONDUCT_CLASSES = frozenset(
    {
        "stalking",
        "harassment",
        "putting_people_in_fear_of_violence",
        "195/94",
        "195/12",
        "008/30",
        "008/65",
        "008/66",
        "008/56",
        "008/58",
        "8l",
        "8q",
        "8m",
    }
)
MAX_EVIDENCE = 20


def _evidence(index: int, result: NarrativeResult, hit: Hit) -> Evidence:
    return Evidence(index, result.doc_id, hit.code, hit.text, hit.start, hit.end)


def _happened(results: Sequence[NarrativeResult]) -> list[tuple[int, NarrativeResult, Hit]]:
    return [(i, r, h) for i, r in enumerate(results) for h in r.hits if h.happened]


def _signal_evidence(results: Sequence[NarrativeResult], name: str) -> list[Evidence]:
    return [
        Evidence(i, r.doc_id, f"signal:{name}", s.text, s.start, s.end)
        for i, r in enumerate(results)
        for s in r.signals
        if s.name == name
    ]


def _indicator(name: str, reasons: list[str], evidence: Iterable[Evidence]) -> Indicator:
    kept = tuple(evidence)[:MAX_EVIDENCE]
    if not reasons:
        return Indicator(name, False, "no evidence in the accounts", ())
    return Indicator(name, True, "; ".join(reasons), kept)


def _repeated(
    results: Sequence[NarrativeResult], happened: list[tuple[int, NarrativeResult, Hit]]
) -> Indicator:
    behaviour = [(i, r, h) for i, r, h in happened if h.kind == "behaviour"]
    docs = {i for i, _, _ in behaviour}
    reasons = []
    if len(docs) >= 2:
        reasons.append(f"stalking behaviour happened in {len(docs)} separate accounts")
    signals = _signal_evidence(results, "repeated")
    if signals and behaviour:
        reasons.append("the accounts describe the conduct as repeated")
    evidence = [_evidence(i, r, h) for i, r, h in behaviour] + signals
    return _indicator("repeated", reasons, evidence)


def _fixated(
    results: Sequence[NarrativeResult], happened: list[tuple[int, NarrativeResult, Hit]]
) -> Indicator:
    per_code: dict[str, set[int]] = {}
    for i, _, h in happened:
        if h.kind == "behaviour":
            per_code.setdefault(h.code, set()).add(i)
    persistent = sorted(c for c, docs in per_code.items() if len(docs) >= 2)
    reasons = (
        [f"the same behaviour recurs across accounts: {', '.join(persistent)}"]
        if persistent
        else []
    )
    signals = _signal_evidence(results, "fixated")
    if signals:
        reasons.append("the accounts describe a fixation on the person")
    evidence = [_evidence(i, r, h) for i, r, h in happened if h.code in persistent] + signals
    return _indicator("fixated", reasons, evidence)


def _obsessive(
    results: Sequence[NarrativeResult], happened: list[tuple[int, NarrativeResult, Hit]]
) -> Indicator:
    codes = {h.code for _, _, h in happened if h.kind == "behaviour"}
    intrusive = sorted(codes & OBSESSIVE_CODES)
    reasons = []
    if len(codes) >= 3:
        reasons.append(f"{len(codes)} different stalking behaviours")
    if intrusive:
        reasons.append(f"intrusive behaviour: {', '.join(intrusive)}")
    signals = _signal_evidence(results, "obsessive")
    if signals and codes:
        reasons.append("the accounts describe intense, constant contact or attention")
    evidence = [_evidence(i, r, h) for i, r, h in happened if h.kind == "behaviour"] + signals
    return _indicator("obsessive", reasons, evidence)


def _unwanted(
    results: Sequence[NarrativeResult], happened: list[tuple[int, NarrativeResult, Hit]]
) -> Indicator:
    effect = [(i, r, h) for i, r, h in happened if h.code in UNWANTED_CODES]
    reasons = []
    if effect:
        reasons.append(
            f"effect on the person or an order: {', '.join(sorted({h.code for _, _, h in effect}))}"
        )
    signals = _signal_evidence(results, "unwanted")
    if signals:
        reasons.append("the person said the contact was unwanted (asked to stop, blocked)")
    evidence = [_evidence(i, r, h) for i, r, h in effect] + signals
    return _indicator("unwanted", reasons, evidence)


def four_view(results: Sequence[NarrativeResult]) -> FourView:
    """FOUR warning signs across the accounts of one course of conduct (DOMAIN.md §2).

    An indicator is present only with evidence: hits that happened (never negated, hypothetical,
    reported or historical ones) or FOUR signal phrases. The view informs a person's judgement;
    it decides nothing.
    """
    happened = _happened(results)
    versions = sorted({r.lexicon_version for r in results})
    return FourView(
        fixated=_fixated(results, happened),
        obsessive=_obsessive(results, happened),
        unwanted=_unwanted(results, happened),
        repeated=_repeated(results, happened),
        documents=len(results),
        lexicon_version=",".join(versions),
    )


def _class_key(recorded_as: str) -> str:
    return recorded_as.strip().lower().replace(" ", "_").replace("-", "_")


def misclassification_signal(
    recorded_as: str, result: NarrativeResult | Sequence[NarrativeResult]
) -> MisclassificationSignal | None:
    """Flag a report recorded as something other than stalking or harassment (malicious
    communications, criminal damage, concern for welfare, ASB, none ...) whose narrative describes
    acts associated with stalking that happened (PHA s.2A(3); CRR 2026/27 p.52).

    Returns ``None`` when the report is already recorded as a conduct crime (by word or Home
    Office code) or no behaviour happened. The signal asks for a review; it reclassifies nothing
    (that needs the Force Crime Registrar, CRR 2026/27 p.55).
    """
    key = _class_key(recorded_as)
    if key in CONDUCT_CLASSES or key.startswith(("stalking", "harassment")):
        return None
    results = [result] if isinstance(result, NarrativeResult) else list(result)
    happened = [(i, r, h) for i, r, h in _happened(results) if h.code in BEHAVIOURS]
    if not happened:
        return None
    codes = tuple(sorted({h.code for _, _, h in happened}))
    reason = (
        f"recorded as {recorded_as!r} but the account describes acts associated with stalking "
        f"that happened: {', '.join(codes)}; consider stalking (PHA s.2A, CRR 2026/27 p.52)"
    )
    versions = ",".join(sorted({r.lexicon_version for r in results}))
    evidence = tuple(_evidence(i, r, h) for i, r, h in happened)[:MAX_EVIDENCE]
    return MisclassificationSignal(recorded_as, "stalking", reason, codes, evidence, versions)
