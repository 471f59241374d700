"""FOUR view and misclassification signal."""

from __future__ import annotations

import json

from engines.narrative import four_view, misclassification_signal, tag


def test_four_view_across_accounts() -> None:
    results = [
        tag("He followed me home again and I blocked his number.", doc_id="a"),
        tag("He followed me to work and has been monitoring my social media.", doc_id="b"),
        tag("I am terrified and I have changed my route to work.", doc_id="c"),
    ]
    view = four_view(results)
    assert set(view.present()) == {"fixated", "obsessive", "unwanted", "repeated"}
    assert any(e.doc_id == "b" and e.code == "following" for e in view.fixated.evidence)
    json.dumps(view.to_dict())


def test_four_view_ignores_what_did_not_happen() -> None:
    view = four_view([tag("He did not follow me."), tag("If he follows me I will call 999.")])
    assert view.present() == ()
    assert not view.fixated.present
    assert view.fixated.evidence == ()


def test_misclassification_signal() -> None:
    result = tag("He sent me 40 texts and waited outside my house.", doc_id="r9")
    signal = misclassification_signal("malicious_communications", result)
    assert signal is not None
    assert signal.codes == ("contacting", "loitering")
    assert signal.suggested == "stalking"
    assert all(e.doc_id == "r9" for e in signal.evidence)
    json.dumps(signal.to_dict())


def test_no_signal_when_already_conduct_crime_or_nothing_happened() -> None:
    result = tag("He followed me home.")
    assert misclassification_signal("Stalking", result) is None
    assert misclassification_signal("195/94", result) is None
    assert misclassification_signal("criminal damage", tag("He did not follow me.")) is None
    assert misclassification_signal("asb", tag("No threats were made.")) is None
