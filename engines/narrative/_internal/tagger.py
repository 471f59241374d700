"""The tagger: lexicon hits in a text, each with its status, sentence and justification."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from datetime import datetime
from typing import Any

from engines.narrative._internal import dates, identifiers
from engines.narrative._internal.lexicon import INFERRED, CodeRules, Lexicon, default_lexicon
from engines.narrative._internal.model import Hit, NarrativeResult, Signal
from engines.narrative._internal.status import MODAL, decide
from engines.narrative._internal.text import (
    Prepared,
    SentenceIndex,
    clause_start,
    prepare,
    sentence_spans,
)

MAX_CHARS = 100_000
# How far around a hit the not_preceded_by / not_followed_by rules look (characters).
CONTEXT_CHARS = 40

_Raw = tuple[int, int, str, str]  # start, end (in the matching copy), code, rule


def _word_edges_ok(norm: str, start: int, end: int) -> bool:
    before = norm[start - 1] if start > 0 else " "
    after = norm[end] if end < len(norm) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


def _word_matches(norm: str, automaton: Any) -> list[tuple[int, int, Any]]:
    """The automaton's matches that start and end at word edges (the check inlined: it runs
    for every match of every phrase, the tagger's innermost loop)."""
    found = []
    size = len(norm)
    for last, (length, values) in automaton.iter(norm):
        start = last - length + 1
        if start > 0:
            before = norm[start - 1]
            if before.isalnum() or before == "_":
                continue
        if last + 1 < size:
            after = norm[last + 1]
            if after.isalnum() or after == "_":
                continue
        found.append((start, last + 1, values))
    return found


def _literal_hits(norm: str, lexicon: Lexicon) -> list[_Raw]:
    found: list[_Raw] = []
    for start, end, values in _word_matches(norm, lexicon.automaton):
        found.extend((start, end, code, rule) for code, rule in values)
    return found


def _regex_hits(norm: str, lexicon: Lexicon) -> list[_Raw]:
    hinted: set[str] = set()
    if lexicon.hint_automaton is not None:
        for _last, (_length, values) in lexicon.hint_automaton.iter(norm):
            hinted.update(code for code, _hint in values)
    found: list[_Raw] = []
    for rules in lexicon.rules.values():
        if not rules.regexes or (rules.regex_hint and rules.code not in hinted):
            continue
        for pattern in rules.regexes:
            found.extend(
                (m.start(), m.end(), rules.code, pattern.pattern)
                for m in pattern.finditer(norm)
                if m.end() > m.start()
            )
    return found


# Words that end a clause for a frame: its two parts must not straddle one.
_FRAME_BREAK = re.compile(r"[.!?;:]|\b(?:but|because|although|however|whereas|while|when)\b")


# The nearest subject-like mention before a frame, in its sentence: the victim (officer shorthand
# included), the suspect, or someone else (a third party). A light stand-in for a parse.
_SUBJECTS = re.compile(
    r"(?<![\w'])(?:(?P<victim>i|i've|i'd|she|she's|we|ip|v|the victim|victim|the ip|the female|"
    r"the caller|caller|the informant|informant|the complainant|complainant|the rp|rp)|"
    r"(?P<suspect>he|he's|he'd|the suspect|suspect|susp|the susp|the male|her ex|my ex|the ex|"
    r"ex|ex-(?:partner|boyfriend|girlfriend|husband|wife|bf|gf)|the offender|offender|a man|"
    r"a male|an unknown (?:man|male)|"
    r"(?:her |my |the )?(?:former|ex|estranged) (?:partner|boyfriend|husband|girlfriend|wife))|"
    r"(?P<other>(?:girl|boy)friend|friend|friends|mate|mates|in-laws|(?:mother|father|sister|brother)-in-law|"
    r"brother|sister|mum|mother|dad|"
    r"father|cousin|cousins|neighbour|colleague|one of them|partner|husband|wife|son|"
    r"someone (?:from|at) (?:work|school|college|uni|church|the gym|the office)|"
    r"daughter|children|kids|family|parents|boss|employer|manager))"
    r"(?![\w'])(?!'s)"
)


def subject_of(norm: str, sentence_start: int, position: int) -> str:
    """``victim``, ``suspect``, ``other`` or ``""``: who the nearest subject-like mention
    before ``position`` in its sentence is."""
    who = ""
    last_end = -1
    for match in _SUBJECTS.finditer(norm, sentence_start, position):
        found = match.lastgroup or ""
        # "the suspect, his neighbour at no. 22, has ...": an apposition names him again
        if not (
            found == "other"
            and who == "suspect"
            and _APPOSITION.fullmatch(norm, last_end, match.start())
        ):
            who = found
        last_end = match.end()
    return who


_APPOSITION = re.compile(r", (?:his|her|their|the|a|an) (?:\w+ )?")


def _subject_ok(wanted: str, who: str) -> bool:
    if wanted == "suspect":
        return who == "suspect"
    if wanted == "agent":
        return who in ("suspect", "")
    if not wanted or not who:
        return True
    if wanted == "not_victim":
        return who != "victim"
    return who == wanted


def _frame_hits(
    norm: str, lexicon: Lexicon, index: SentenceIndex, status_at: dict[_Raw, tuple[int, int]]
) -> list[_Raw]:
    """Frames: a phrase of part ``a`` followed, within the frame's gap in words and in the
    same clause, by a phrase of part ``b``; the hit spans both (and the words between).
    ``status_at`` gets, for each two-part hit, the end of part ``a`` and the start of part
    ``b``: its status is decided at ``b`` with the words of ``a`` skipped, so a cue in the gap
    counts ("he was not seen outside her house") and one inside ``a`` does not ("stopped going
    to the gym")."""
    if lexicon.frame_automaton is None:
        return []
    parts: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for start, end, values in _word_matches(norm, lexicon.frame_automaton):
        for number, part in values:
            parts.setdefault((number, part), []).append((start, end))
    found: list[_Raw] = []
    for (number, part), heads in parts.items():
        if part != "a":
            continue
        frame = lexicon.frames[number]
        if frame.single:
            found.extend(
                (a_start, a_end, frame.code, f"frame: {frame.name}")
                for a_start, a_end in heads
                if _subject_ok(frame.subject, subject_of(norm, index.find(a_start)[0], a_start))
            )
            continue
        tails = parts.get((number, "b"))
        if not tails:
            continue
        tails = sorted(tails, key=lambda t: (t[0], -t[1]))
        tail_starts = [t[0] for t in tails]
        for a_start, a_end in heads:
            # tails are sorted: skip those that start before the head ends without a scan
            for b_start, b_end in tails[bisect_left(tail_starts, a_end) :]:
                between = norm[a_end:b_start]
                # the copy has single spaces: more spaces than gap + 2 is surely too far, and
                # spares the split (the loop's main cost) for the tails beyond the gap
                if between.count(" ") > frame.gap + 2 or len(between.split()) > frame.gap:
                    break
                if _FRAME_BREAK.search(between):
                    break
                if frame.not_between is not None and frame.not_between.search(between):
                    break
                if frame.subject:
                    who = subject_of(norm, index.find(a_start)[0], a_start)
                    if not _subject_ok(frame.subject, who):
                        break
                raw = (a_start, b_end, frame.code, f"frame: {frame.name}")
                found.append(raw)
                if raw not in status_at or status_at[raw][0] < a_end:
                    status_at[raw] = (a_end, b_start)
                break
    return found


def _context_ok(norm: str, raw: _Raw, rules: CodeRules, sentence: tuple[int, int]) -> bool:
    start, end = raw[0], raw[1]
    after = rules.not_followed_by
    if after is not None and after.match(norm, end, min(len(norm), end + CONTEXT_CHARS)):
        return False
    if rules.not_by_others and subject_of(norm, sentence[0], start) == "other":
        return False
    if rules.not_preceded_by is not None:
        window = norm[max(sentence[0], start - CONTEXT_CHARS) : start]
        if rules.not_preceded_by.search(window):
            return False
    return True


def _longest_per_code(raws: list[_Raw]) -> list[_Raw]:
    """Per code, keep the longest of overlapping hits (then the earliest)."""
    kept: list[_Raw] = []
    ordered = sorted(raws, key=lambda r: (r[2], -(r[1] - r[0]), r[0]))
    for raw in ordered:
        if all(k[2] != raw[2] or raw[1] <= k[0] or raw[0] >= k[1] for k in kept):
            kept.append(raw)
    return sorted(kept, key=lambda r: (r[0], r[1], r[2]))


def _suppress(raws: list[_Raw], lexicon: Lexicon) -> list[_Raw]:
    """Drop a hit that lies inside a longer hit of a code that suppresses it."""
    kept = []
    for raw in raws:
        masters = lexicon.rules[raw[2]].suppressed_by
        inside = masters and any(
            o[2] in masters and o[0] <= raw[0] and raw[1] <= o[1] and o[1] - o[0] > raw[1] - raw[0]
            for o in raws
        )
        if not inside:
            kept.append(raw)
    return kept


def _to_hit(
    prep: Prepared,
    raw: _Raw,
    rules: CodeRules,
    sentence: tuple[int, int],
    cache: dict[tuple[int, int], list[re.Match[str]]],
    frame_parts: tuple[int, int] | None = None,
    old_year: int | None = None,
) -> Hit:
    norm = prep.norm
    start, end, code, rule = raw
    original = prep.original
    at = start if frame_parts is None else frame_parts[1]
    status = decide(
        norm,
        sentence,
        clause_start(norm, sentence[0], at),
        at,
        end,
        lambda i: original[prep.to_original(i)].isupper(),
        rules.ignore_cues,
        cache,
        quoted_threat=rules.ignore_cues is not None
        and MODAL.search(norm, max(sentence[0], start - 8), end) is not None,
        since_is_current=rules.since_is_current,
        skip=(start, frame_parts[0]) if frame_parts is not None else None,
        old_year=old_year,
    )
    o_start, o_end = prep.span(start, end)
    s_start, s_end = prep.span(*sentence)
    t_start, t_end = prep.span(status.trigger_start, status.trigger_end)
    if status.trigger_start < 0:
        t_start = t_end = -1
    return Hit(
        code=code,
        kind=rules.kind,
        status=status.status,
        text=original[o_start:o_end],
        start=o_start,
        end=o_end,
        sentence_start=s_start,
        sentence_end=s_end,
        trigger=original[t_start:t_end] if t_start >= 0 else "",
        trigger_start=t_start,
        trigger_end=t_end,
        rule=rule,
    )


def _inferred(hits: list[Hit], lexicon: Lexicon, text: str) -> list[Hit]:
    """Keep an inferred hit (rule ``inferred: ...``) only when a code it requires happened in
    the same text, done by him (not by a friend or relative), and name that act in its rule;
    the others are dropped."""
    if not any(hit.rule.startswith(INFERRED) for hit in hits):
        return hits
    lowered = text.lower()
    same = len(lowered) == len(text)
    happened: dict[str, Hit] = {}
    for hit in hits:
        if hit.happened and not hit.rule.startswith(INFERRED):
            if same and subject_of(lowered, hit.sentence_start, hit.start) == "other":
                continue
            happened.setdefault(hit.code, hit)
    kept = []
    for hit in hits:
        if not hit.rule.startswith(INFERRED):
            kept.append(hit)
            continue
        required = sorted(lexicon.rules[hit.code].requires_any)
        support = [happened[c] for c in required if c in happened]
        if support:
            act = min(support, key=lambda h: h.start)
            kept.append(replace(hit, rule=f"{hit.rule} + {act.code} ({act.text!r}) happened"))
    return kept


def _signals(prep: Prepared, lexicon: Lexicon, index: SentenceIndex) -> list[Signal]:
    found: list[Signal] = []
    for last, (length, values) in lexicon.signal_automaton.iter(prep.norm):
        start, end = last - length + 1, last + 1
        if not _word_edges_ok(prep.norm, start, end):
            continue
        o_start, o_end = prep.span(start, end)
        s_start, s_end = prep.span(*index.find(start))
        for name, _phrase in values:
            found.append(Signal(name, prep.original[o_start:o_end], o_start, o_end, s_start, s_end))
    return sorted(found, key=lambda s: (s.start, s.name))


_NAMED_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")
# A year this many years or more before the report's year is history ("hit her in 2021").
OLD_YEARS = 2


def _old_year(norm: str, reported_at: datetime | None, lexicon: Lexicon) -> int:
    """The latest year that is history for this text: two before the report's year, which is
    ``reported_at``'s, else the later of the latest year the text names and the lexicon's
    reference year (so the answer never depends on today's date)."""
    if reported_at is not None:
        return reported_at.year - OLD_YEARS
    if " 19" not in norm and " 20" not in norm:
        return lexicon.reference_year - OLD_YEARS  # names no year: skip the scan
    named = [int(y) for y in _NAMED_YEAR.findall(norm)]
    return max([lexicon.reference_year, *named]) - OLD_YEARS


def tag_text(
    text: str,
    *,
    reported_at: datetime | None = None,
    doc_id: str = "",
    lexicon: Lexicon | None = None,
) -> NarrativeResult:
    """Read one account; see :func:`engines.narrative.tag`."""
    lexicon = lexicon or default_lexicon()
    problems: list[str] = []
    truncated = len(text) > MAX_CHARS
    if truncated:
        problems.append(f"text longer than {MAX_CHARS} characters: only the first {MAX_CHARS} read")
        text = text[:MAX_CHARS]
    if not text.strip():
        problems.append("empty text")
    prep = prepare(text)
    index = SentenceIndex(sentence_spans(prep.norm))
    status_at: dict[_Raw, tuple[int, int]] = {}
    raws = _longest_per_code(
        _literal_hits(prep.norm, lexicon)
        + _regex_hits(prep.norm, lexicon)
        + _frame_hits(prep.norm, lexicon, index, status_at)
    )
    raws = [
        raw
        for raw in raws
        if _context_ok(prep.norm, raw, lexicon.rules[raw[2]], index.find(raw[0]))
    ]
    cache: dict[tuple[int, int], list[re.Match[str]]] = {}
    old_year = _old_year(prep.norm, reported_at, lexicon)
    hits = [
        _to_hit(
            prep,
            raw,
            lexicon.rules[raw[2]],
            index.find(raw[0]),
            cache,
            status_at.get(raw),
            old_year,
        )
        for raw in _suppress(raws, lexicon)
    ]
    return NarrativeResult(
        lexicon_version=lexicon.version,
        text_length=len(text),
        truncated=truncated,
        hits=tuple(_inferred(hits, lexicon, text)),
        identifiers=tuple(identifiers.extract(text)),
        dates=tuple(dates.extract(text, reported_at)),
        signals=tuple(_signals(prep, lexicon, index)),
        doc_id=doc_id,
        problems=tuple(problems),
    )
