"""Clustering keeps person ids stable and records every merge and split."""

from __future__ import annotations

from engines.linkage import ScoredPair, cluster


def links(*pairs):
    return [ScoredPair(a, b, 1.0) for a, b in pairs]


def test_first_run_numbers_persons_and_records_new_decisions():
    first = cluster(["a", "b", "c"], links(("a", "b")))
    assert first.persons["a"] == first.persons["b"] != first.persons["c"]
    assert [d.kind for d in first.history] == ["new", "new"]


def test_pairs_below_the_threshold_do_not_join():
    out = cluster(["a", "b"], [ScoredPair("a", "b", 0.5)], threshold=0.9)
    assert out.persons["a"] != out.persons["b"]


def test_a_rerun_with_the_same_links_changes_nothing():
    first = cluster(["a", "b", "c"], links(("a", "b")))
    again = cluster(["a", "b", "c"], links(("a", "b")), first)
    assert again.persons == first.persons
    assert again.history == first.history


def test_new_records_join_existing_persons():
    first = cluster(["a", "b"], links())
    second = cluster(["a", "b", "c"], links(("a", "c")), first)
    assert second.persons["c"] == first.persons["a"]
    assert second.history[-1].kind == "join"
    assert second.history[-1].records == ("c",)


def test_a_merge_keeps_the_larger_clusters_id():
    first = cluster(["a", "b", "c", "d"], links(("a", "b"), ("b", "c")))
    big, small = first.persons["a"], first.persons["d"]
    second = cluster(["a", "b", "c", "d"], links(("a", "b"), ("b", "c"), ("c", "d")), first)
    assert set(second.persons.values()) == {big}
    merge = second.history[-1]
    assert (merge.kind, merge.person_id, merge.others) == ("merge", big, (small,))
    assert merge.follows  # it references the decisions that created both persons


def test_a_merge_of_equal_clusters_keeps_the_older_id():
    first = cluster(["a", "b"], links())
    older = first.persons["a"]
    second = cluster(["a", "b"], links(("a", "b")), first)
    assert set(second.persons.values()) == {older}


def test_a_split_keeps_the_id_on_the_larger_part():
    first = cluster(["a", "b", "c"], links(("a", "b"), ("b", "c")))
    pid = first.persons["a"]
    second = cluster(["a", "b", "c"], links(("a", "b")), first)
    assert second.persons["a"] == second.persons["b"] == pid
    assert second.persons["c"] != pid
    split = next(d for d in second.history if d.kind == "split")
    assert split.person_id == pid
    assert split.records == ("c",)
    assert split.others == (second.persons["c"],)
    assert split.decision_id > first.history[-1].decision_id


def test_ids_are_never_reused():
    first = cluster(["a", "b"], links(("a", "b")))
    second = cluster(["a", "b"], links(), first)
    third = cluster(["a", "b", "c"], links(), second)
    ids = [d.person_id for d in third.history if d.kind == "new"]
    assert len(ids) == len(set(ids))
