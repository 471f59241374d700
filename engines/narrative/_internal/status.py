"""Status of a hit: happened, negated, hypothetical, reported (about someone else) or historical.

Cues are matched on the lower-cased matching copy (without IGNORECASE, which is slow in Python's
re). NegEx-style: cue words before the hit, within its clause and a window of words, set the
status; the nearest cue wins. Pseudo-cues ("won't stop calling", "not long after") contain a
negation word but do not negate, so they are matched first and ignored. Historical and reported
cues reach across the whole sentence (up to "but"/"however"/"now"); a historical cue may also
follow the hit ("... years ago").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

HAPPENED = "happened"
NEGATED = "negated"
HYPOTHETICAL = "hypothetical"
REPORTED = "reported"
HISTORICAL = "historical"
STATUSES = (HAPPENED, NEGATED, HYPOTHETICAL, REPORTED, HISTORICAL)

_PSEUDO = (
    r"not only|not just|not long|no matter|no doubt|not sure whether|"
    r"(?:won't|will not|wouldn't|would not|doesn't|does not|didn't|did not|can't|cannot|"
    r"hasn't|has not|haven't|have not|not|never) (?:stop|stops|stopped|stopping|give up|let up)|"
    r"never stops|never stopped|(?:won't|will not) leave (?:me|her) alone|"
    r"without (?:permission|consent|warning|invitation|being invited|my consent|her consent)|"
    r"(?:did not|didn't|don't|doesn't|does not) want|never gave|never given|"
    r"not welcome|not invited|uninvited|no longer (?=go|goes|going|leave|leaves)|"
    # "a man she used to work with": who he is, not when it happened.
    r"(?:she|i|we|they|who) used to (?:work|live|go out|go to school|be friends|be neighbours)"
    r"(?: with)?|(?:she|i) used to (?:date|see|know)|"
    # "since they split up last year": a start point of what is happening now, not history.
    r"since (?:[\w']+ ){0,6}?(?:last year|years ago|a year ago)"
)
_NEGATION = (
    r"not|no|never|nothing|nothing's|nobody|nobody's|no one|no one's|none|neither|nor|without|"
    r"den(?:y|ies|ied|ying)|"
    r"didn't|doesn't|don't|hasn't|haven't|hadn't|wasn't|weren't|isn't|aren't|won't|"
    r"wouldn't|can't|cannot|couldn't|no longer|ruled out|unfounded|free from|yet to"
)
_FEAR = (
    r"worr(?:y|ied|ies|ying)|scared|afraid|frightened|terrified|concerned|fears?|feared|fearful|"
    r"anxious|dread|dreads|dreading|dreaded"
)
_HYPOTHETICAL = (
    r"if|unless|in case|whether|what if|should (?:he|she|they)|(?:" + _FEAR + r")"
    r"(?: to death| sick| stiff)?(?=(?: that)?(?: one day| one of these days| soon)? "
    r"(?:he|she|they|it|him|her|the suspect|someone|one of them)\b)|"
    # a reputation, not an act: "known for carrying knives"
    r"known for|known to (?:carry|have|be|use)|reputed to|rumoured to|"
    r"might|may|could|would|will|'ll|going to|gonna|thinking of|thinking about|considering|"
    r"planning to|plans to|wants? to|wanted to|wonder|wondering|hope|hopes|hoping|in future|"
    r"possibly|potentially|likely to|risk of|threat\w* to|try not to|trying not to"
)
_HISTORICAL = (
    r"years ago|used to|previously|back in (?:19|20)\d\d|back in the day|in the past|"
    r"as a (?:child|teenager)|at school|a long time ago|many years|long ago|"
    r"previous relationship|when (?:we|they) were (?:together|married|at school)|"
    # "last year" is history; "last week", "last night" and "the last year" are not.
    r"(?<!the )(?<!over )last year|a year ago|the year before last|years back|years earlier|"
    r"during (?:the|their|our) relationship|"
    r"when (?:we|they) (?:lived together|were going out|were a couple|were seeing each other)|"
    r"when (?:she|i) was (?:with him|going out with him|married to him)|"
    r"throughout (?:the|their|our) (?:marriage|relationship)|during which|"
    r"back in (?:their|our|my|her|his) (?:\w+ )?days|"
    r"before (?:the current|all this|this all|any of this|the recent) (?:\w+ )?(?:started|began)|"
    # A year named in the past ("in 2021"): history only if two or more years before the report
    # (decide()'s old_year); "in 2026" in a 2026 report is not.
    r"(?:back )?in (?:(?:early|late|mid|the summer of|the spring of|\w+) )?(?:19|20)\d\d"
)
_HISTORICAL_AFTER = (
    r"years ago|(?:back )?in (?:19\d\d|200\d|201[0-9])|in the past|a long time ago|"
    r"when (?:we|they) were (?:together|married)|long ago|"
    r"(?<!the )(?<!over )last year|a year ago|years back|during (?:the|their|our) relationship|"
    r"when (?:we|they) lived together|when (?:she|i) was with him|"
    r"before(?= ?(?:[,.;!?\"]|$))|throughout (?:the|their|our) (?:marriage|relationship)|"
    r"during (?:the|their|our) marriage|back in (?:their|our|my|her|his) (?:\w+ )?days|"
    r"(?:back )?in (?:(?:early|late|mid|the summer of|the spring of|\w+) )?(?:19|20)\d\d"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_REPORTED = (
    r"(?:my|her|a|his|v's|ip's|the victim's) "
    r"(?:friend|neighbour|colleague|sister|cousin|mum|mother)"
    r"(?: of mine)?(?: \w+){0,2} (?:said|says|told|reported|mentioned|explained)|"
    r"a friend of (?:v's|ip's|hers|mine|the victim's)(?: \w+){0,2} (?:said|says|told|reported)|"
    r"(?:friend|neighbour|sister|brother|colleague|cousin|flatmate|housemate|mate)(?:-in-law)?'s "
    r"(?:ex|partner|husband|boyfriend|wife|girlfriend)|"
    r"(?:his|[a-z]+'s) (?:previous|former|ex-|ex |old )?\s?(?:partner|wife|girlfriend|husband|"
    r"boyfriend),?(?: who)?(?: \w+){0,2} (?:said|says|told|reported|states|stated|alleged|"
    r"explained)|"
    # hearsay that opens the sentence: "According to the neighbour, a man sits outside ..."
    r"according to (?:the|a|her|my) (?:neighbour|neighbours|friend|colleague|witness)|"
    r"another (?:victim|woman|man|girl)|someone else|other women|her own ex|"
    r"(?:a|the) (?:woman|man|girl) from his|a friend of mine"
)
_WORD = r"(?<![\w'])(?:{})(?![\w'])"
_CUES = re.compile(
    "|".join(
        f"(?P<{name}>{_WORD.format(body)})"
        for name, body in (
            ("pseudo", _PSEUDO),
            ("reported", _REPORTED),
            ("historical", _HISTORICAL),
            ("negated", _NEGATION),
            ("hypothetical", _HYPOTHETICAL),
        )
    )
    # "he'll turn up": the clitic joins its word, so it is not a word of its own
    + r"|(?P<clitic>(?<=[a-z])'ll(?![\w']))"
)
_AFTER = re.compile(_WORD.format(_HISTORICAL_AFTER))
# "He was violent to his previous partner": about someone else, said after the act.
_REPORTED_AFTER = re.compile(
    r"\b(?:to|towards|against|on|with) (?:his|her) (?:previous|former|ex|last|old|other)[- ]?"
    r"(?:partners?|wife|wives|girlfriends?|boyfriends?|husband)\b|\bother women\b"
)
# "he once choked her, but that was over five years ago": reaches past the clause break.
_AFTER_SENTENCE = re.compile(
    r"\b(?:that|this|it) (?:was|happened|all happened) (?:\w+ ){0,3}?(?:years|decades) ago\b"
)
_SINCE = re.compile(r"\bsince\b")
_SENTENCE_BREAK = re.compile(r"\b(?:but|however|now|these days|nowadays|currently)\b")

# A threat is reported as what he said he would do: "told her that if she went to the police he
# would slit her throat". For a threat hit worded with a modal, a conditional or modal after such
# a speech verb is the content of the threat, not doubt about whether it was made.
_SPEECH = re.compile(
    r"\b(?:said|says|saying|told|tells|telling|warned|warning|threatened|threatening|texted|"
    r"messaged|shouted|screamed|wrote|writing|stated)\b"
)
_CONDITION = re.compile(r"\b(?:if|unless)\b")
MODAL = re.compile(r"(?<![\w'])(?:would|will|going to|gonna)(?![\w'])|'(?:d|ll)\b")

# How many words before the hit a cue may sit and still govern it.
WINDOW_WORDS = {NEGATED: 7, HYPOTHETICAL: 9}
THREAT_WINDOW_WORDS = 16


@dataclass(frozen=True, slots=True)
class Status:
    """A status and the cue that set it (empty cue for ``happened``)."""

    status: str
    trigger: str = ""
    trigger_start: int = -1
    trigger_end: int = -1


def _words_between(norm: str, start: int, end: int) -> int:
    return len(norm[start:end].split())


def _last_break(norm: str, pattern: re.Pattern[str], start: int, end: int) -> int:
    last = start
    for match in pattern.finditer(norm, start, end):
        last = match.end()
    return last


# "When I didn't answer he sent ...": a negation inside a subordinate clause that the suspect's
# main clause follows (no comma) is not about the main clause's act.
_SUBORDINATE_END = re.compile(r"\b(?:when|whenever|because|after|before|until|since|once)\s*$")
_MAIN_SUBJECT = re.compile(r"\b(?:he|the suspect|susp)\b")


# A list of acts after one cue ("never approached, messaged or followed him", "may threaten
# to share them, or put them online, or take her to court"): the cue reaches across the list's
# commas, but not across another break or a new subject.
_LIST_STOP = re.compile(
    r"[;:()\[\]]| - |\b(?:but|however|although|though|whereas|except|(?<!not )yet(?! to\b)|"
    r"then|which|who|since|"
    r"because|after|before|when|until|while|whilst|so|and|he|she|i|they|we|susp|suspect)\b"
)
_LIST_OR = re.compile(r"\b(?:or|nor)\b")
LIST_WINDOW_WORDS = 14


def _list_reach(norm: str, match: re.Match[str], hit_start: int, sentence_end: int) -> bool:
    between = norm[match.end() : hit_start]
    return (
        "," in between
        and _LIST_STOP.search(between) is None
        and _LIST_OR.search(norm, match.end(), sentence_end) is not None
        and _words_between(norm, match.end(), hit_start) <= LIST_WINDOW_WORDS
    )


def _in_reach(
    name: str,
    norm: str,
    match: re.Match[str],
    clause: int,
    hit_start: int,
    sentence: tuple[int, int],
) -> bool:
    if name in (REPORTED, HISTORICAL):
        return True
    if (
        name == HYPOTHETICAL
        and match.group() in ("if", "unless")
        and not norm[sentence[0] : match.start()].strip("\"' ")
    ):
        return True  # "If he texts me after the hearing that's a breach": the whole sentence
    if match.start() < clause:
        return name in (NEGATED, HYPOTHETICAL) and _list_reach(norm, match, hit_start, sentence[1])
    if (
        name == NEGATED
        and _SUBORDINATE_END.search(norm, max(0, clause - 12), clause)
        and _MAIN_SUBJECT.search(norm, match.end(), hit_start)
    ):
        return False
    window = WINDOW_WORDS[name]
    if name == HYPOTHETICAL and match.group().startswith("threat"):
        window = THREAT_WINDOW_WORDS  # "threatened to send the video to her dad and post it"
    return _words_between(norm, match.end(), hit_start) <= window


def _sentence_cues(
    norm: str,
    sentence: tuple[int, int],
    cache: dict[tuple[int, int], list[re.Match[str]]] | None,
) -> list[re.Match[str]]:
    if cache is not None and sentence in cache:
        return cache[sentence]
    found = list(_CUES.finditer(norm, sentence[0], sentence[1]))
    if cache is not None:
        cache[sentence] = found
    return found


def decide(
    norm: str,
    sentence: tuple[int, int],
    clause: int,
    hit_start: int,
    hit_end: int,
    is_capitalised: Callable[[int], bool] | None = None,
    ignore: re.Pattern[str] | None = None,
    cache: dict[tuple[int, int], list[re.Match[str]]] | None = None,
    quoted_threat: bool = False,
    since_is_current: bool = False,
    skip: tuple[int, int] | None = None,
    old_year: int | None = None,
) -> Status:
    """The status of the hit ``norm[hit_start:hit_end]``; ``clause`` is its clause start.

    ``is_capitalised(i)`` tells whether the original character at copy position ``i`` was upper
    case, so the month "May" is not read as the modal "may". Cues that ``ignore`` matches in
    full do not count (a threat is made in the future tense: "said he'd jump off the bridge").
    ``cache`` keeps each sentence's cue matches between the hits of one text.
    ``skip``: a span whose cues do not count (a frame's first part, see the tagger).
    ``old_year``: a year named in the past ("in 2021") at or before it makes the act history;
    ``None``: years are not cues.
    ``quoted_threat``: the hit is a threat worded with a modal ("he would kill her"), so
    hypothetical cues after a speech verb before it are the threat's content (see ``_SPEECH``).
    """
    scope = _last_break(norm, _SENTENCE_BREAK, sentence[0], hit_start)
    speech = _last_break(norm, _SPEECH, scope, hit_start) if quoted_threat else -1
    if speech == scope:
        speech = -1
    best: Status | None = None
    for match in _sentence_cues(norm, sentence, cache):
        if match.start() < scope:
            continue
        if match.start() >= hit_start:
            break
        # A pseudo-cue ("won't stop") was matched first, so its negation word is not a cue.
        name = match.lastgroup or "pseudo"
        if name == "clitic":
            name = HYPOTHETICAL
        if name == "pseudo" or match.end() > hit_start:
            continue
        if name == HISTORICAL and not _old_year(match.group(), old_year):
            continue
        if skip is not None and skip[0] <= match.start() < skip[1]:
            continue  # inside a frame's first part: the verb itself, not a cue about it
        if ignore is not None and ignore.fullmatch(match.group()):
            continue
        condition = name == NEGATED and _CONDITION.search(norm, speech, match.start())
        if 0 <= speech <= match.start() and (name == HYPOTHETICAL or condition):
            continue  # the threat's own condition: "said if she didn't come back he'd ..."
        if match.group() == "may" and is_capitalised is not None and is_capitalised(match.start()):
            continue
        if _in_reach(name, norm, match, clause, hit_start, sentence):
            best = Status(name, match.group(), match.start(), match.end())
    if best is not None:
        return best
    return _after_hit(norm, sentence, hit_start, hit_end, since_is_current, old_year)


def _old_year(cue: str, old_year: int | None) -> bool:
    """Whether a historical cue counts: one naming a year counts when that year is old."""
    year = _YEAR.search(cue)
    if year is None:
        return True
    return old_year is not None and int(year.group()) <= old_year


def _after_hit(
    norm: str,
    sentence: tuple[int, int],
    hit_start: int,
    hit_end: int,
    since_is_current: bool,
    old_year: int | None = None,
) -> Status:
    """No cue before the hit: a historical cue after it, a question, or it happened."""
    clause_end = _clause_end(norm, hit_end, sentence[1])
    after = _AFTER.search(norm, hit_end, clause_end)
    if after is not None and not _old_year(after.group(), old_year):
        # a recent year ("in 2026") is not history; a later cue in the clause may be
        after = next(
            (
                m
                for m in _AFTER.finditer(norm, after.end(), clause_end)
                if _old_year(m.group(), old_year)
            ),
            None,
        )
    after = after or _AFTER_SENTENCE.search(norm, hit_end, sentence[1])
    if (
        after is not None
        and since_is_current
        and _SINCE.search(norm, max(sentence[0], hit_start - 25), after.start())
    ):
        after = None  # "since they split up last year": a state that began then and holds now
    if after is not None:
        return Status(HISTORICAL, after.group(), after.start(), after.end())
    other = _REPORTED_AFTER.search(norm, hit_end, clause_end)
    if other is not None:
        return Status(REPORTED, other.group(), other.start(), other.end())
    question = norm.rfind("?", hit_end, sentence[1])
    if question >= 0 and not norm[question + 1 : sentence[1]].strip("\"') "):
        return Status(HYPOTHETICAL, "?", question, question + 1)
    return Status(HAPPENED)


_AFTER_BREAK = re.compile(r"[,;:]|\b(?:but|and then|however|although|because)\b")


def _clause_end(norm: str, start: int, sentence_end: int) -> int:
    match = _AFTER_BREAK.search(norm, start, sentence_end)
    return match.start() if match else sentence_end
