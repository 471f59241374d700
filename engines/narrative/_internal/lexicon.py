"""The versioned lexicon: templates expanded into literal phrases and one Aho-Corasick automaton.

The lexicon is data (``lexicon.json``); this module only expands its template syntax (word forms,
slots, alternatives, optional tokens) and compiles it. Every literal remembers the template it
came from, so a hit can say which rule produced it.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import ahocorasick

from engines.vocabulary import BEHAVIOURS, RISK_CUES

# A template never expands to more phrases than this: a guard against a typo that multiplies.
MAX_EXPANSIONS = 5000
# A frame's parts may be at most this many words apart (a bounded gap, never "anywhere").
MAX_FRAME_GAP = 8
FRAME_SUBJECTS = ("", "victim", "suspect", "not_victim", "agent")
# The rule of a hit that counts only with another code's act (see CodeRules.requires_any).
INFERRED = "inferred: "


@dataclass(frozen=True, slots=True)
class CodeRules:
    """The compiled rules for one taxonomy code."""

    code: str
    kind: str
    regexes: tuple[re.Pattern[str], ...] = ()
    not_followed_by: re.Pattern[str] | None = None
    not_preceded_by: re.Pattern[str] | None = None
    ignore_cues: re.Pattern[str] | None = None
    regex_hint: tuple[str, ...] = ()
    suppressed_by: frozenset[str] = frozenset()
    # A state that began at a past time and holds now ("since they split up last year"): a
    # historical cue after "since" does not make it history.
    since_is_current: bool = False
    # Templates that count only with another code's act in the same text: "he is subject to a
    # restraining order" is a breach when he contacted her too (rule "inferred: ...").
    requires_any: frozenset[str] = frozenset()
    # Dropped when the nearest subject before the hit is someone else (a friend, his new
    # girlfriend): "his new girlfriend has been sending her abusive messages" is not his contact.
    not_by_others: bool = False


@dataclass(slots=True)
class Lexicon:
    """The compiled lexicon: an automaton over literal phrases plus per-code rules."""

    version: str
    automaton: Any
    rules: dict[str, CodeRules]
    phrase_count: int
    signals: dict[str, tuple[str, ...]] = field(default_factory=dict)
    signal_automaton: Any = None
    # Frames: two phrase sets (a, then b within ``gap`` words in one clause), per code.
    frames: tuple[Frame, ...] = ()
    frame_automaton: Any = None
    # Every code's regex_hint strings in one automaton: one scan tells which codes' regular
    # expressions may match (instead of a substring search per hint).
    hint_automaton: Any = None
    # The year a text without a report date is read in: a year named two or more before it is
    # history ("in 2021"). Part of the versioned lexicon, never today's date.
    reference_year: int = 2026


@dataclass(frozen=True, slots=True)
class Frame:
    """A bounded-gap pattern: a phrase of ``a`` (a verb family), then within ``gap`` words and
    the same clause a phrase of ``b`` (an object slot). Generalises over the words between
    ("sent <her> a long voice note", "changed her mobile number")."""

    code: str
    name: str
    gap: int
    # One part only: a phrase that counts only with the right subject ("outside her house" is
    # loitering when he is there, not when she is).
    single: bool = False
    # Who must be the nearest subject before the frame: "victim" or "not_victim" (an unknown
    # subject passes), "suspect" (he, the suspect, her ex ... must be named); "" = anyone.
    # Decided by :func:`engines.narrative._internal.tagger.subject_of`.
    subject: str = ""
    # The words between the parts may not match this (e.g. "the": "sent the messages").
    not_between: re.Pattern[str] | None = None


def verb_forms(base: str, irregular: dict[str, list[str]]) -> list[str]:
    """Every inflected form of a verb: the irregular table first, then English spelling rules."""
    if base in irregular:
        return list(irregular[base])
    if base.endswith("e") and not base.endswith("ee"):
        return [base, base + "s", base + "d", base[:-1] + "ing"]
    if len(base) > 2 and base.endswith("y") and base[-2] not in "aeiou":
        return [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    if base.endswith(("sh", "ch", "ss", "x")):
        return [base, base + "es", base + "ed", base + "ing"]
    return [base, base + "s", base + "ed", base + "ing"]


def _token_options(token: str, data: dict[str, Any]) -> list[str]:
    optional = token.endswith("?") and len(token) > 1
    token = token[:-1] if optional else token
    options: list[str] = []
    for alt in token.split("|"):
        if alt.startswith("{") and alt.endswith("}"):
            options.extend(verb_forms(alt[1:-1], data["irregular"]))
        elif alt.startswith("<") and alt.endswith(">"):
            options.extend(data["slots"][alt[1:-1]])
        else:
            options.append(alt.replace("_", " "))
    return [*options, ""] if optional else options


def expand(template: str, data: dict[str, Any]) -> list[str]:
    """All literal phrases a template stands for (lower case, single spaces)."""
    choices = [_token_options(tok, data) for tok in template.split()]
    phrases: list[str] = []
    for combo in itertools.product(*choices):
        # "he" + "'d" is written "he'd": a clitic joins the word before it.
        phrases.append(" ".join(part for part in combo if part).replace(" '", "'"))
        if len(phrases) > MAX_EXPANSIONS:
            raise ValueError(f"template {template!r} expands to more than {MAX_EXPANSIONS}")
    return phrases


def _alternation(parts: list[str], *, anchor: str) -> re.Pattern[str] | None:
    if not parts:
        return None
    body = "|".join(f"(?:{p})" for p in parts)
    return re.compile(f"\\s*(?:{body})" if anchor == "start" else f"(?:{body})\\s*$")


def _compile_rules(code: str, kind: str, spec: dict[str, Any]) -> CodeRules:
    return CodeRules(
        code=code,
        kind=kind,
        regexes=tuple(re.compile(r) for r in spec.get("regex", [])),
        not_followed_by=_alternation(spec.get("not_followed_by", []), anchor="start"),
        not_preceded_by=_alternation(spec.get("not_preceded_by", []), anchor="end"),
        ignore_cues=_alternation(spec.get("ignore_cues", []), anchor="start"),
        regex_hint=tuple(spec.get("regex_hint", [])),
        suppressed_by=frozenset(spec.get("suppressed_by", [])),
        since_is_current=bool(spec.get("since_is_current", False)),
        not_by_others=bool(spec.get("not_by_others", False)),
        requires_any=frozenset(spec.get("inferred", {}).get("requires_any", [])),
    )


def _build_automaton(entries: dict[str, list[tuple[Any, str]]]) -> Any:
    automaton = ahocorasick.Automaton()
    for phrase, values in entries.items():
        automaton.add_word(phrase, (len(phrase), tuple(values)))
    automaton.make_automaton()
    return automaton


def raw_lexicon() -> dict[str, Any]:
    """The lexicon document as stored in the package."""
    text = resources.files(__package__).joinpath("lexicon.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def build(data: dict[str, Any]) -> Lexicon:
    """Compile a lexicon document; every taxonomy code must have rules and no unknown code may."""
    kinds = {**dict.fromkeys(BEHAVIOURS, "behaviour"), **dict.fromkeys(RISK_CUES, "risk_cue")}
    codes: dict[str, Any] = data["codes"]
    if set(codes) != set(kinds):
        missing, unknown = set(kinds) - set(codes), set(codes) - set(kinds)
        raise ValueError(
            f"lexicon codes disagree with taxonomy: missing {missing}, unknown {unknown}"
        )
    entries: dict[str, list[tuple[str, str]]] = {}
    rules: dict[str, CodeRules] = {}
    for code, spec in codes.items():
        rules[code] = _compile_rules(code, kinds[code], spec)
        for template in spec.get("patterns", []):
            for phrase in expand(template, data):
                entries.setdefault(phrase, []).append((code, template))
        inferred = spec.get("inferred", {})
        if inferred and not set(inferred.get("requires_any", [])) <= set(kinds):
            raise ValueError(f"{code}: inferred.requires_any names an unknown code")
        for template in inferred.get("patterns", []):
            for phrase in expand(template, data):
                entries.setdefault(phrase, []).append((code, INFERRED + template))
    frames: list[Frame] = []
    frame_entries: dict[str, list[tuple[int, str]]] = {}
    for code, spec in codes.items():
        for number, frame in enumerate(spec.get("frames", [])):
            name = frame.get("name") or f"{code} frame {number + 1}"
            index = len(frames)
            subject = frame.get("subject", "")
            empty_b = "b" in frame and not frame["b"]
            if subject not in FRAME_SUBJECTS or not frame.get("a") or empty_b:
                raise ValueError(f"{name}: a frame needs part a (b if given) and a known subject")
            if "b" not in frame and not subject:
                raise ValueError(f"{name}: a frame of one part needs a subject (else: a pattern)")
            if not 0 <= int(frame.get("gap", 3)) <= MAX_FRAME_GAP:
                raise ValueError(f"{name}: gap must be 0-{MAX_FRAME_GAP} words")
            between = frame.get("not_between")
            frames.append(
                Frame(
                    code=code,
                    name=name,
                    single="b" not in frame,
                    gap=int(frame.get("gap", 3)),
                    subject=subject,
                    not_between=re.compile(f"\\b(?:{between})\\b") if between else None,
                )
            )
            for part in ("a", "b"):
                for template in frame.get(part, ()):
                    for phrase in expand(template, data):
                        frame_entries.setdefault(phrase, []).append((index, part))
    signals = {name: tuple(phrases) for name, phrases in data.get("four_signals", {}).items()}
    signal_entries: dict[str, list[tuple[str, str]]] = {}
    for name, phrases in signals.items():
        for phrase in phrases:
            signal_entries.setdefault(phrase, []).append((name, phrase))
    hints: dict[str, list[tuple[str, str]]] = {}
    for code, compiled in rules.items():
        for hint in compiled.regex_hint:
            hints.setdefault(hint, []).append((code, hint))
    return Lexicon(
        version=data["version"],
        automaton=_build_automaton(entries),
        rules=rules,
        phrase_count=len(entries),
        signals=signals,
        signal_automaton=_build_automaton(signal_entries),
        frames=tuple(frames),
        frame_automaton=_build_automaton(frame_entries) if frame_entries else None,
        hint_automaton=_build_automaton(hints) if hints else None,
        reference_year=int(data.get("reference_year", 2026)),
    )


@cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, compiled once per process."""
    return build(raw_lexicon())
