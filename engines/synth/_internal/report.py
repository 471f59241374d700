"""Turn one planned event into one import-format record, with recording noise and its truth."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from engines.synth._internal import narrative
from engines.synth._internal.forces import UNIT_FOR_KIND, Force
from engines.synth._internal.identity import GENERIC_NUMBERS, Person, Population, married_name
from engines.synth._internal.noise import written_name
from engines.synth._internal.scenarios import DAY, Course, Event, Plan
from engines.synth._internal.schema import FORMAT_VERSION

CLASSIFY: dict[str, tuple[tuple[str, float], ...]] = {
    "rejected_ex_partner": (
        ("stalking", 0.3),
        ("harassment", 0.25),
        ("malicious_communications", 0.1),
        ("concern_for_welfare", 0.08),
        ("harassment_warning", 0.07),
        ("criminal_damage", 0.05),
        ("none", 0.15),
    ),
    "resentful_neighbour": (
        ("asb", 0.35),
        ("none", 0.2),
        ("criminal_damage", 0.15),
        ("harassment", 0.15),
        ("harassment_warning", 0.05),
        ("stalking", 0.05),
        ("public_order", 0.05),
    ),
    "online_anonymous": (
        ("malicious_communications", 0.45),
        ("harassment", 0.2),
        ("stalking", 0.15),
        ("none", 0.2),
    ),
    "default": (
        ("harassment", 0.3),
        ("stalking", 0.25),
        ("concern_for_welfare", 0.15),
        ("none", 0.15),
        ("malicious_communications", 0.15),
    ),
    "one_off:road_rage": (("public_order", 0.5), ("none", 0.5)),
    "one_off:neighbour_noise": (("asb", 0.6), ("none", 0.4)),
    "one_off:rude_message": (("none", 0.6), ("malicious_communications", 0.4)),
    "one_off:namesake": (("assault", 0.4), ("criminal_damage", 0.3), ("public_order", 0.3)),
    "one_off:generic_number": (("concern_for_welfare", 0.6), ("none", 0.4)),
}
CHANNELS: tuple[tuple[str, float], ...] = (
    ("phone_101", 0.35),
    ("phone_999", 0.15),
    ("online_form", 0.15),
    ("front_counter", 0.1),
    ("officer_attended", 0.15),
    ("email", 0.05),
    ("third_party", 0.05),
)
COLOURS = ("silver", "black", "white", "blue", "red", "grey")
CONDUCT = {"stalking", "harassment", "putting_in_fear", "breach_of_order"}
NOT_RECORDED = {"none", "concern_for_welfare", "asb", "harassment_warning"}
ONE_OFF_TEXT = {
    "one_off:road_rage": "{V} says a driver shouted and swore at {obj} at the junction near "
    "{place} after a near miss. No previous contact.",
    "one_off:neighbour_noise": "{V} complains of loud music from a neighbouring house at {place}"
    " late last night. First time this has happened.",
    "one_off:rude_message": "{V} received one rude message from {S} after an argument about "
    "money. Nothing since.",
    "one_off:namesake": "{S} was involved in a scuffle with {V} outside a pub at {place}.",
    "one_off:generic_number": "{V} called from the helpline worried about a relative who has "
    "not been in touch. Safe and well check requested.",
}


def weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    """Draw a key from a ``((key, weight), ...)`` table."""
    roll, acc = rng.random() * sum(w for _, w in table), 0.0
    for key, weight in table:
        acc += weight
        if roll < acc:
            return key
    return table[-1][0]


def iso(t: int) -> str:
    """Seconds since the epoch as an ISO 8601 UTC timestamp."""
    return dt.datetime.fromtimestamp(t, dt.UTC).isoformat()


def written_phone(number: str, rng: random.Random) -> str:
    """A phone number the way different officers type it."""
    digits = number.replace(" ", "")
    style = rng.randrange(4)
    if style == 1:
        return digits
    if style == 2 and digits.startswith("0"):
        return "+44 " + number[1:]
    return number


class ReportMaker:
    """Makes records; holds only per-force sequence counters."""

    def __init__(self, seed: int, pop: Population, forces: tuple[Force, ...]) -> None:
        self.seed = seed
        self.pop = pop
        self.forces = forces
        self.seq = [0] * len(forces)

    def make(self, plan: Plan, ev: Event) -> Any:
        """The report for ``ev`` (a ``SyntheticReport``); updates the course's truth refs."""
        from engines.synth._internal.world import SyntheticReport

        rng = random.Random(f"{self.seed}:report:{plan.plan_id}:{plan.next_event}")
        course = plan.courses[ev.course]
        f_idx = (course.force + 1) % len(self.forces) if ev.other_force else course.force
        force = self.forces[f_idx]
        self.seq[f_idx] += 1
        year = dt.datetime.fromtimestamp(ev.t, dt.UTC).year
        ref = f"{force.code}-{year}-{self.seq[f_idx]:08d}"
        noise: list[str] = ["other_force"] if ev.other_force and len(self.forces) > 1 else []
        record, mentions = self._record(plan, ev, course, force, ref, rng, noise)
        statements = self._narrate(plan, ev, course, record, rng)
        one_off = plan.kind.startswith("one_off")
        if not one_off:
            self._track(course, ev, ref, record, noise)
        truth = {
            "source_system": force.source_system,
            "source_ref": ref,
            "scenario": plan.kind,
            "series_id": f"S{plan.plan_id:08d}",
            "course_id": None if one_off else course.course_id,
            "mentions": mentions,
            "statements": statements,
            "noise": sorted(set(noise)),
        }
        return SyntheticReport(record, truth)

    def _track(
        self, course: Course, ev: Event, ref: str, rec: dict[str, Any], noise: list[str]
    ) -> None:
        course.refs.append(ref)
        if ev.escalated:
            course.escalation_ref = ref
        if ev.breach is not None:
            course.breach_refs.append(ref)
        if ev.order is not None:
            course.order_refs.append(ev.order.ref)
        if len(course.refs) > 1 and rec["classification"] not in CONDUCT:
            noise.append("misclassified")

    def _record(
        self,
        plan: Plan,
        ev: Event,
        course: Course,
        force: Force,
        ref: str,
        rng: random.Random,
        noise: list[str],
    ) -> tuple[dict[str, Any], list[Any]]:
        table = CLASSIFY.get(plan.kind, CLASSIFY["default"])
        cls = "breach_of_order" if ev.breach and rng.random() < 0.5 else weighted(rng, table)
        occurred_to = ev.t - rng.randint(0, 6 * 3600)
        occurred_from = occurred_to - rng.choice((0, 1800, 3 * 3600, 2 * DAY))
        channel = weighted(rng, CHANNELS)
        victim = self._victim(course, ev, noise)
        people, mentions = self._people(plan, ev, victim, channel, rng, noise)
        units = UNIT_FOR_KIND.get(plan.kind, ("RESP", "CC", "NPT"))
        unit = f"{force.code}-{units[0] if rng.random() < 0.6 else rng.choice(units)}"
        rec: dict[str, Any] = {
            "format_version": FORMAT_VERSION,
            "source_system": force.source_system,
            "source_ref": ref,
            "force_code": force.code,
            "unit_code": unit,
            "reported_at": iso(ev.t),
            "occurred_from": iso(occurred_from),
            "occurred_to": iso(occurred_to),
            "channel": channel,
            "location": {"address_line": victim.address_line, "postcode": victim.postcode},
            "narrative": "",
            "classification": cls,
        }
        rec.update(self._recording(ev, cls, force, ref, rng, noise))
        rec["people"] = people
        rec["identifiers"] = []
        if channel in ("phone_101", "phone_999") and rng.random() < 0.15:
            # The number called, logged on the report: shared by every caller, never a link.
            rec["identifiers"] = [{"type": "phone", "value": channel.removeprefix("phone_")}]
            noise.append("generic_number")
        rec["orders"] = [self._order(ev, course)] if ev.order else []
        rec["risk_assessments"] = self._risk(plan, ev, ref, rng, noise)
        return rec, mentions

    def _victim(self, course: Course, ev: Event, noise: list[str]) -> Person:
        change = course.surname_change_at
        if change is not None and ev.t >= change:
            noise.append("surname_changed")
            return married_name(course.victim, random.Random(f"{self.seed}:{course.course_id}"))
        return course.victim

    def _recording(
        self, ev: Event, cls: str, force: Force, ref: str, rng: random.Random, noise: list[str]
    ) -> dict[str, Any]:
        """Crime recording (CRR 2026/27 p.5: within 24 hours) and the victim update."""
        out: dict[str, Any] = {"recorded_at": None, "crime_reference": None}
        if cls in NOT_RECORDED and rng.random() < 0.85:
            noise.append("not_recorded")
        elif rng.random() < 0.12:
            noise.append("late_recording")
            out["recorded_at"] = iso(ev.t + rng.randint(2, 40) * DAY)
        else:
            out["recorded_at"] = iso(ev.t + rng.randint(300, 20 * 3600))
        if out["recorded_at"]:
            out["crime_reference"] = f"{force.code}/CR/{ref.rsplit('-', 1)[-1]}"
        if rng.random() < 0.3:
            noise.append("no_victim_update")
            out["victim_updated_at"] = None
        else:
            out["victim_updated_at"] = iso(ev.t + rng.randint(1, 10) * DAY)
        return out

    def _people(
        self,
        plan: Plan,
        ev: Event,
        victim: Person,
        channel: str,
        rng: random.Random,
        noise: list[str],
    ) -> tuple[list[Any], list[Any]]:
        day = dt.datetime.fromtimestamp(ev.t, dt.UTC).date()
        people: list[dict[str, Any]] = []
        truth: list[dict[str, Any]] = []

        def add(
            person: Person, role: str, noisy: float, ids: list[dict[str, Any]], home: Any = None
        ) -> None:
            named = ev.suspect_named or role != "suspect"
            entry, row = _mention(person, f"m{len(people) + 1}", role, noisy, named, day, rng)
            noise.extend(row["noise"])
            if home is not None:
                entry["address"] = home
            entry["identifiers"] = ids
            people.append(entry)
            truth.append(row)

        home = {"address_line": victim.address_line, "postcode": victim.postcode}
        add(victim, "victim", 0.08, self._victim_ids(victim, plan, rng, noise),
            home if rng.random() < 0.4 else None)  # fmt: skip
        suspect = ev.proxy or plan.suspect
        add(suspect, "suspect", 0.35, self._suspect_ids(plan, ev, suspect, rng, noise),
            _suspect_home(plan, ev, victim, suspect, rng))  # fmt: skip
        if channel == "third_party" or rng.random() < 0.1:
            role = "reporter" if channel == "third_party" else "witness"
            other = self.pop.draw(rng)
            ids = [{"type": "phone", "value": written_phone(self.pop.phone(other.pid, 0), rng)}]
            add(other, role, 0.15, ids)
        return people, truth

    def _victim_ids(
        self, victim: Person, plan: Plan, rng: random.Random, noise: list[str]
    ) -> list[dict[str, Any]]:
        roll = rng.random()
        if roll < 0.08 or plan.kind == "one_off:generic_number":
            # A contact number that belongs to a service, not to the victim: must never link.
            number, _ = rng.choice(GENERIC_NUMBERS[2:])
            noise.append("generic_number")
            return [{"type": "phone", "value": number}]
        if roll < 0.25:
            return [{"type": "phone", "value": self.pop.landline(victim.pid)}]
        return [{"type": "phone", "value": written_phone(self.pop.phone(victim.pid, 0), rng)}]

    def _suspect_ids(
        self, plan: Plan, ev: Event, suspect: Person, rng: random.Random, noise: list[str]
    ) -> list[dict[str, Any]]:
        ids: list[dict[str, Any]] = []
        # Suspect numbers start at version 1: version 0 stays the person's everyday number.
        version = ev.phone_version + (0 if ev.proxy else 1)
        if ev.phone_changed and not ev.proxy:
            noise.append("new_phone")
        if rng.random() < 0.6:
            ids.append(
                {"type": "phone", "value": written_phone(self.pop.phone(suspect.pid, version), rng)}
            )
        if plan.kind == "online_anonymous" or rng.random() < 0.1:
            handle, platform = self.pop.handle(suspect.pid, ev.handle_version)
            ids.append({"type": "handle", "value": "@" + handle, "platform": platform})
            if ev.handle_changed:
                noise.append("new_handle")
        if rng.random() < 0.08:
            ids.append({"type": "email", "value": self.pop.email(suspect.pid, 0)})
        if suspect.vehicle and ev.suspect_named and rng.random() < 0.15:
            ids.append({"type": "vehicle", "value": suspect.vehicle})
        if plan.kind == "online_anonymous" and rng.random() < 0.1:
            ids.append({"type": "device", "value": self.pop.device(suspect.pid)})
        if ev.suspect_named and rng.random() < 0.05:
            # A postcode known without a full address (a stop check, a vehicle keeper record).
            ids.append({"type": "postcode", "value": suspect.postcode})
        return ids

    def _order(self, ev: Event, course: Course) -> dict[str, Any]:
        spec = ev.order
        assert spec is not None
        pc = course.victim.postcode
        conditions = [
            {
                "kind": "no_contact",
                "text": "Not to contact the protected person directly or indirectly by any means.",
            },
            {
                "kind": "exclusion_zone",
                "text": f"Not to enter within 500 metres of {pc}.",
                "postcode": pc,
                "radius_m": 500,
            },
            {
                "kind": "no_online_contact",
                "text": "Not to post about or message the protected person on any platform.",
            },
        ]
        return {
            "order_ref": spec.ref,
            "type": spec.type,
            "against": "m2",
            "protects": ["m1"],
            "valid_from": dt.datetime.fromtimestamp(spec.valid_from, dt.UTC).date().isoformat(),
            "valid_to": dt.datetime.fromtimestamp(spec.valid_to, dt.UTC).date().isoformat()
            if spec.valid_to
            else None,
            "conditions": conditions,
        }

    def _risk(
        self, plan: Plan, ev: Event, ref: str, rng: random.Random, noise: list[str]
    ) -> list[dict[str, Any]]:
        if plan.kind.startswith("one_off"):
            return []
        chance = 0.5 if plan.next_event == 0 or ev.escalated else 0.1
        if rng.random() >= chance:
            noise.append("no_risk_assessment")
            return []
        tool = "dash" if plan.relationship == "former_intimate_partner" else "sdash"
        count = 27 if tool == "dash" else 11
        yes = 0.15 + 0.1 * len(ev.cues)
        answers = {
            f"q{i}": weighted(rng, (("yes", yes), ("no", 1 - yes), ("not_known", 0.1)))
            for i in range(1, count + 1)
        }
        ticks = sum(a == "yes" for a in answers.values())
        level = "high" if ticks >= 14 else "medium" if ticks >= 10 else "standard"
        return [
            {
                "assessment_ref": f"RA-{ref}",
                "tool": tool,
                "completed_at": iso(ev.t + rng.randint(600, 4 * 3600)),
                "answers": answers,
                "level_at_time": level,
            }
        ]

    def _narrate(
        self, plan: Plan, ev: Event, course: Course, rec: dict[str, Any], rng: random.Random
    ) -> list[dict[str, str]]:
        text, truth = narrative_for(plan, ev, rec, rng, self.pop)
        rec["narrative"] = text
        return [{"code": c, "status": s} for c, s in truth]


def _mention(
    person: Person, mid: str, role: str, noisy: float, named: bool, day: dt.date,
    rng: random.Random,
) -> tuple[dict[str, Any], dict[str, Any]]:  # fmt: skip
    """One mention as written, and its truth row."""
    names, codes = written_name(person, rng, noisy, day)
    if not named:
        names, codes = {}, ["unnamed"]
    entry = {"mention_id": mid, "role": role, **names, "sex": person.sex if named else "U"}
    row = {"mention_id": mid, "person_id": f"P{person.pid}", "role": role,
           "true_name": f"{person.first} {person.last}", "true_dob": person.dob.isoformat(),
           "noise": codes}  # fmt: skip
    return entry, row


def _suspect_home(
    plan: Plan, ev: Event, victim: Person, suspect: Person, rng: random.Random
) -> dict[str, str] | None:
    """The suspect's address when written down; a neighbour lives two doors away."""
    if not ev.suspect_named or rng.random() >= 0.25:
        return None
    if plan.kind == "resentful_neighbour" and ev.proxy is None:
        number, _, rest = victim.address_line.partition(" ")
        return {"address_line": f"{int(number) + 2} {rest}", "postcode": victim.postcode}
    return {"address_line": suspect.address_line, "postcode": suspect.postcode}


def _as_called(mention: dict[str, Any], fallback: str) -> str:
    if "full_name" in mention:
        return str(mention["full_name"])
    parts = [mention.get("first_name"), mention.get("last_name")]
    name = " ".join(p for p in parts if p)
    return name or fallback


def _day(t: int, fmt: str) -> str:
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime(fmt)


def _scene(
    plan: Plan, ev: Event, rec: dict[str, Any], rng: random.Random, pop: Population
) -> narrative.Scene:
    victim_m, suspect_m = rec["people"][0], rec["people"][1]
    unknown = "an unknown person"
    scene = narrative.Scene(
        suspect=_as_called(suspect_m, unknown) if ev.suspect_named else unknown,
        victim=_as_called(victim_m, "the victim"),
        suspect_sex=suspect_m["sex"],
        victim_sex=victim_m["sex"],
        place=rec["location"]["address_line"].split(", ")[-1],
        date=_day(ev.t - rng.randint(1, 20) * DAY, "%d/%m/%Y"),
        email=pop.email(plan.courses[ev.course].victim.pid, 0),
        today=_day(ev.t, "%d %B %Y"),
    )
    poss = "his" if victim_m["sex"] == "M" else "her"
    fallback = {"former_intimate_partner": f"{poss} ex-partner", "neighbour": "the neighbour"}
    if rng.random() < 0.3 and scene.suspect != unknown:
        scene.suspect = fallback.get(plan.relationship, "the suspect")
    for ident in suspect_m["identifiers"]:
        if ident["type"] == "phone":
            scene.phone = ident["value"]
        if ident["type"] == "handle":
            scene.handle, scene.platform = ident["value"], ident["platform"]
        if ident["type"] == "vehicle":
            scene.vehicle = f"a {rng.choice(COLOURS)} car, registration {ident['value']},"
    return scene


def narrative_for(
    plan: Plan, ev: Event, rec: dict[str, Any], rng: random.Random, pop: Population
) -> tuple[str, list[tuple[str, str]]]:
    """The free text for a record: the names, numbers and handles as written in it."""
    scene = _scene(plan, ev, rec, rng, pop)
    if plan.kind in ONE_OFF_TEXT:
        words = narrative._words(scene, rng)
        return ONE_OFF_TEXT[plan.kind].format(**words), [(b, "happened") for b in ev.behaviours]
    scene.behaviours, scene.cues = list(ev.behaviours), list(ev.cues)
    if ev.breach is not None:
        scene.order = ev.breach.type.replace("_", " ")
        scene.order_date = _day(ev.breach.valid_from, "%d %B %Y")
    others = sorted(set(narrative.BEHAVIOUR_TEXT) - set(ev.behaviours))
    if rng.random() < 0.25:
        scene.negate = rng.choice(others)
    if rng.random() < 0.25:
        scene.hypothetical = rng.choice([o for o in others if o != scene.negate])
    return narrative.write(scene, rng)
