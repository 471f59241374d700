"""Records into persons, with stable person ids and explicit merge/split decisions.

Ids never get silently renumbered: when clusters merge, the id of the previous cluster with
most members here survives (ties: the larger previous cluster, then the older id); when a
previous cluster splits, its id stays on the part holding most of its members. Every change is
a :class:`ClusterDecision` that names the earlier decisions it follows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["new", "merge", "split", "join"]


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """Two record ids and the match probability between them."""

    left: str
    right: str
    probability: float


@dataclass(frozen=True, slots=True)
class ClusterDecision:
    """One change to persons: a new person, records joining, a merge or a split."""

    decision_id: int
    kind: Kind
    person_id: str
    others: tuple[str, ...]
    records: tuple[str, ...]
    follows: tuple[int, ...]
    reason: str


@dataclass(frozen=True)
class Assignment:
    """Record id -> person id, the ids' creation order, and the decision history."""

    persons: Mapping[str, str] = field(default_factory=dict)
    order: Mapping[str, int] = field(default_factory=dict)
    history: tuple[ClusterDecision, ...] = ()
    next_serial: int = 1

    def members(self) -> dict[str, list[str]]:
        """Person id -> its record ids."""
        out: dict[str, list[str]] = defaultdict(list)
        for rec, pid in self.persons.items():
            out[pid].append(rec)
        return dict(out)


class UnionFind:
    """Disjoint sets over hashable ids (path halving, union by size)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.size: dict[str, int] = {}

    def find(self, x: str) -> str:
        """The representative of ``x`` (adding it if new)."""
        parent = self.parent
        if x not in parent:
            parent[x] = x
            self.size[x] = 1
            return x
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        """Join the sets of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]

    def groups(self) -> dict[str, list[str]]:
        """Representative -> members."""
        out: dict[str, list[str]] = defaultdict(list)
        for x in self.parent:
            out[self.find(x)].append(x)
        return dict(out)


def _components(
    records: Iterable[str], pairs: Iterable[ScoredPair], threshold: float
) -> list[list[str]]:
    uf = UnionFind()
    for rec in records:
        uf.find(rec)
    for pair in pairs:
        if pair.probability >= threshold:
            uf.union(pair.left, pair.right)
    return [sorted(g) for g in uf.groups().values()]


def _label(
    comps: list[list[str]], previous: Assignment
) -> tuple[dict[int, str], dict[str, Counter[int]]]:
    """Greedy: each previous id labels at most one component, the one holding most of it."""
    prev_sizes = Counter(previous.persons.values())
    spread: dict[str, Counter[int]] = defaultdict(Counter)
    for ci, comp in enumerate(comps):
        for rec in comp:
            if (pid := previous.persons.get(rec)) is not None:
                spread[pid][ci] += 1
    claims = sorted(
        (
            (n, prev_sizes[pid], -previous.order.get(pid, 0), pid, ci)
            for pid, cnt in spread.items()
            for ci, n in cnt.items()
        ),
        reverse=True,
    )
    labels: dict[int, str] = {}
    used: set[str] = set()
    for _, _, _, pid, ci in claims:
        if ci not in labels and pid not in used:
            labels[ci] = pid
            used.add(pid)
    return labels, spread


def _last_decisions(history: Iterable[ClusterDecision]) -> dict[str, int]:
    last: dict[str, int] = {}
    for d in history:
        for pid in (d.person_id, *d.others):
            last[pid] = d.decision_id
    return last


def _splits(
    spread: Mapping[str, Counter[int]],
    surviving: set[str],
    prev: Assignment,
    persons: Mapping[str, str],
) -> list[tuple[str, set[str], list[str]]]:
    """Surviving previous ids that lost records: (id, the ids those records went to, records)."""
    out = []
    for pid in spread:
        if pid not in surviving:
            continue
        gone = sorted(r for r, p in prev.persons.items() if p == pid and persons[r] != pid)
        if gone:
            out.append((pid, {persons[r] for r in gone}, gone))
    return out


def cluster(
    records: Iterable[str],
    pairs: Iterable[ScoredPair],
    previous: Assignment | None = None,
    *,
    threshold: float = 0.99,
    id_prefix: str = "P",
) -> Assignment:
    """Group records into persons (pairs at or above ``threshold`` join), keeping previous ids.

    ``records`` lists every record id to place (records without a pair become singletons).
    Returns a new :class:`Assignment` whose history ends with this run's decisions.
    """
    prev = previous or Assignment()
    comps = _components(list(records), pairs, threshold)
    comps.sort(key=lambda c: c[0])
    labels, spread = _label(comps, prev)
    last = _last_decisions(prev.history)
    serial, order = prev.next_serial, dict(prev.order)
    decisions: list[ClusterDecision] = []
    persons: dict[str, str] = {}

    def emit(kind: Kind, pid: str, others: Iterable[str], recs: Iterable[str], why: str) -> None:
        other_ids = tuple(sorted(others))
        follows = tuple(sorted({last[p] for p in (pid, *other_ids) if p in last}))
        did = len(prev.history) + len(decisions) + 1
        decisions.append(ClusterDecision(did, kind, pid, other_ids, tuple(recs), follows, why))

    surviving = set(labels.values())

    for ci, comp in enumerate(comps):
        pid = labels.get(ci)
        if pid is None:
            pid = f"{id_prefix}{serial:08d}"
            serial += 1
            order[pid] = len(order)
            emit("new", pid, (), comp, "no earlier person among these records")
        # Previous ids that end here (labelled nowhere) were absorbed; ids that live on
        # elsewhere lost records to this cluster, which the split decisions below record.
        olds = {prev.persons[r] for r in comp if r in prev.persons} - surviving
        fresh = [r for r in comp if r not in prev.persons]
        if olds:
            emit("merge", pid, olds, comp, f"{pid} survives: holds most of these records")
        elif fresh and ci in labels:
            emit("join", pid, (), fresh, "new records matched this person")
        persons.update(dict.fromkeys(comp, pid))
    for pid, moved, gone in _splits(spread, surviving, prev, persons):
        emit("split", pid, moved, gone, f"records of {pid} no longer match it")
    return Assignment(persons, order, prev.history + tuple(decisions), serial)
