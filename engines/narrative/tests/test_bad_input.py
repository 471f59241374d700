"""Bad input never crashes and output is always well formed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engines.narrative import MAX_CHARS, NarrativeResult, tag


def assert_well_formed(text: str, result: NarrativeResult) -> None:
    read = text[:MAX_CHARS]
    for hit in result.hits:
        assert 0 <= hit.start < hit.end <= len(read)
        assert read[hit.start : hit.end] == hit.text
        assert hit.sentence_start <= hit.start
        assert hit.end <= hit.sentence_end
        if hit.trigger:
            assert read[hit.trigger_start : hit.trigger_end] == hit.trigger
    for ident in result.identifiers:
        assert read[ident.start : ident.end] == ident.raw
    for mention in result.dates:
        assert read[mention.start : mention.end] == mention.text


def test_empty_text_is_flagged() -> None:
    result = tag("")
    assert result.hits == ()
    assert result.problems == ("empty text",)


def test_enormous_text_is_capped_and_says_so() -> None:
    text = "He followed me home. " * 6000
    result = tag(text)
    assert result.truncated
    assert result.text_length == MAX_CHARS
    assert any("longer than" in p for p in result.problems)
    assert_well_formed(text, result)


def test_markup_binary_and_other_scripts() -> None:
    for text in [
        "<p>He <b>followed</b> me home</p><script>alert(1)</script>",
        "\x00\x01He followed\x07 me\x1b home\ufffd",
        "Он следил за мной. 彼は私をつけた。 He followed me home. İİİ followed me",
        "a" * 5000 + "@" * 5000 + "0" * 5000 + " at " * 1000 + "." * 3000,
    ]:
        assert_well_formed(text, tag(text))


word = st.sampled_from(
    [
        "he",
        "followed",
        "me",
        "not",
        "if",
        "07700",
        "900123",
        "at",
        "dot",
        "com",
        "@x",
        "ab12",
        "cde",
        ",",
        ".",
        "?",
        "years ago",
        "used to",
        "won't stop",
        "calling",
        "İ",
        "\n",
        "  ",
        "12/03",
    ]
)


@settings(deadline=1000, max_examples=150)
@given(st.lists(word, max_size=60).map(" ".join))
def test_fuzz_words(text: str) -> None:
    assert_well_formed(text, tag(text))


@settings(deadline=1000, max_examples=150)
@given(st.text(max_size=2000))
def test_fuzz_any_text(text: str) -> None:
    assert_well_formed(text, tag(text))
