"""Free-text accounts written from many phrasings, with the truth of what each one states.

Each behaviour has several "it happened" phrasings, a bare verb phrase for negations ("he did
not follow her today") and a third-person phrase for hypotheticals ("if he turns up again").
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# code -> (happened phrasings, bare verb for "did not ...", third person for "if he ... again")
BEHAVIOUR_TEXT: dict[str, tuple[tuple[str, ...], str, str]] = {
    "following": (
        (
            "{S} followed {V} from {place} and would not go away.",
            "{V} says {s} walked behind {obj} all the way home from {place}.",
            "{S} was seen following {V} in a car near {place}.",
            "{V} noticed {s} trailing {obj} through {place} for about twenty minutes.",
            "{S} kept appearing wherever {V} went in {place} on {date}.",
            "{S} drove slowly behind {V} in {vehicle} as {pron} walked home.",
        ),
        "follow {obj}",
        "follows {obj}",
    ),
    "contacting": (
        (
            "{S} has sent {V} dozens of messages from {phone} since {date}.",
            "{V} received repeated calls from {phone}, most of them withheld at first.",
            "{S} keeps texting {V} on {phone} begging to talk.",
            "{V} reports {count} calls in one evening from {phone}.",
            "Messages arrived from {phone} late at night asking where {V} was.",
            "{S} rang {V} {count} times from {phone} and left voicemails.",
            "{S} wrote to {V} again, a four-page letter through the door.",
            "{V} keeps blocking {S} but new messages come from {phone}.",
        ),
        "contact {obj}",
        "contacts {obj}",
    ),
    "publishing": (
        (
            "{S} posted photos of {V} on {platform} under the name {handle}.",
            "A fake profile {handle} on {platform} is posting about {V}.",
            "{V} says {s} has been posting lies about {obj} online.",
            "{S} shared {poss} home address in a public post on {platform}.",
        ),
        "post anything about {obj}",
        "posts about {obj}",
    ),
    "monitoring_online": (
        (
            "{S} seems to know everything {V} posts and comments on it within minutes.",
            "The account {handle} views every story {V} puts up on {platform}.",
            "{S} quoted private messages back to {V}, so {s} is watching {poss} accounts.",
        ),
        "look at {poss} accounts",
        "watches {poss} accounts",
    ),
    "loitering": (
        (
            "{S} was standing outside {poss} home at {place} for over an hour.",
            "{V} saw {s_obj} waiting by the gate at {place} again.",
            "{S} has been hanging around {place} when {V} finishes work.",
            "Neighbours saw a man sitting in a car outside {place} most of the evening.",
            "{S} was parked in {vehicle} at the end of the road for two hours.",
            "{S} hangs about at the bus stop {V} uses every morning.",
        ),
        "wait outside",
        "waits outside",
    ),
    "interfering_with_property": (
        (
            "The tyres on {poss} car were slashed overnight at {place}.",
            "{S} threw paint over {poss} fence.",
            "{V} found the wing mirror smashed and blames {S}.",
            "Plants were pulled up and the bin was emptied over {poss} drive.",
            "{S} scratched the paintwork of {poss} car with a key.",
        ),
        "touch {poss} car",
        "damages {poss} property",
    ),
    "watching_spying": (
        (
            "{V} found a tracker under {poss} car.",
            "{S} has a camera pointed straight at {poss} garden.",
            "{V} has seen {s} watching the house through binoculars.",
            "{S} was photographing {V} from across the road at {place}.",
            "{S} has been filming {V} through the window.",
        ),
        "watch the house",
        "watches the house",
    ),
    "uninvited_visit": (
        (
            "{S} turned up at {poss} door at {place} uninvited.",
            "{S} came to {poss} workplace and asked staff where {V} was.",
            "{S} arrived at {place} unannounced and refused to leave.",
            "{S} knocked on {poss} door at 2am shouting {poss} name.",
            "{S} walked into {poss} office on {date} without an appointment.",
        ),
        "come to the house",
        "turns up",
    ),
    "identity_misuse": (
        (
            "Parcels {V} never ordered keep arriving in {poss} name.",
            "Someone opened accounts in {poss} name using {email}.",
            "{V} received a loan letter for an account {s} did not open.",
        ),
        "order anything in {poss} name",
        "orders things in {poss} name",
    ),
    "unsolicited_gifts": (
        (
            "{S} left flowers and a card on {poss} doorstep.",
            "A gift arrived at {poss} work with a note from {S}.",
            "{V} found chocolates and a letter tucked under {poss} windscreen wiper.",
        ),
        "leave any gifts",
        "leaves gifts",
    ),
    "hacking": (
        (
            "{poss_c} e-mail {email} was accessed from a device {V} does not own.",
            "{S} logged into {poss} {platform} account and changed the password.",
            "{V} believes {s} got into {poss} phone.",
        ),
        "get into {poss} accounts",
        "gets into {poss} accounts",
    ),
    "vexatious_process": (
        (
            "{S} has made another complaint about {V} to the council.",
            "{S} reported {V} to police for something {V} says never happened.",
            "{S} started court proceedings against {V} again.",
        ),
        "make any complaints",
        "complains about {obj}",
    ),
    "third_party_contact": (
        (
            "{S} contacted {poss} mother asking where {V} is living now.",
            "{S} phoned {poss} manager at work about {V}.",
            "{S} approached {poss} children outside school.",
            "{S} messaged {poss} friends on {platform} asking about {obj}.",
        ),
        "contact {poss} family",
        "contacts {poss} family",
    ),
}

CUE_TEXT: dict[str, tuple[str, ...]] = {
    "threat_to_kill": ("{S} said {s} would kill {obj}.", "The message read 'you are dead'."),
    "threat_of_violence": (
        "{S} threatened to smash {poss} face in.",
        "{S} said {V} would get hurt.",
    ),
    "threat_sexual_violence": ("{S} sent a message threatening to rape {obj}.",),
    "threat_to_share_images": ("{S} threatened to share intimate pictures of {V}.",),
    "weapon": ("{S} had a knife in {s_poss} hand.", "{S} was holding a hammer."),
    "physical_violence": ("{S} pushed {V} against the wall.", "{S} punched {V}."),
    "strangulation": ("{S} grabbed {V} by the throat.",),
    "suicide_threat": ("{S} said {s} would kill {s_self} if {V} did not come back.",),
    "breach_of_order": (
        "This is in breach of the {order} made on {order_date}.",
        "{S} is subject to a {order} dated {order_date} and knows it.",
    ),
    "escalation": (
        "{V} says it is getting worse and happening every day now.",
        "The contact has become far more frequent in the last fortnight.",
    ),
    "victim_very_frightened": ("{V} is very frightened.", "{V} says {pron} is terrified."),
    "victim_changed_behaviour": (
        "{V} has changed {poss} route to work because of this.",
        "{V} has changed {poss} phone number and moved out.",
        "{V} no longer goes out alone.",
    ),
    "separation": ("They separated in {date} and {S} has not accepted it.",),
    "substance_misuse": ("{S} was drunk.", "{S} is known to use cocaine."),
    "recruits_others": ("{S} has got {s_poss} friends to message {V} for {s_obj}.",),
}

OPENINGS: tuple[str, ...] = (
    "{V} reports the following.",
    "Caller {V} states:",
    "Informant {V} called police.",
    "{V} attended the front counter.",
    "Officers spoke with {V}.",
    "Victim {V} gave this account.",
    "Report from {V}.",
    "{V} contacted police on {today}.",
    "Call from {V} on {today}.",
)
DATE_LINES: tuple[str, ...] = (
    "The last incident was on {date}.",
    "This started around {date}.",
    "{V} has kept a diary since {date}.",
    "Most recent contact {date} from {phone}.",
)


@dataclass
class Scene:
    """What one narrative must say, and the words it may use."""

    suspect: str
    victim: str
    suspect_sex: str
    victim_sex: str
    place: str
    date: str
    phone: str = "an unknown number"
    handle: str = "an anonymous account"
    platform: str = "social media"
    email: str = "an e-mail address"
    vehicle: str = "a car"
    today: str = ""
    order: str = "order"
    order_date: str = ""
    behaviours: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    negate: str | None = None
    hypothetical: str | None = None
    extra: list[str] = field(default_factory=list)


def _words(scene: Scene, rng: random.Random) -> dict[str, str]:
    he = scene.suspect_sex != "F"
    she = scene.victim_sex != "M"
    return {
        "S": scene.suspect,
        "V": scene.victim,
        "s": "he" if he else "she",
        "s_poss": "his" if he else "her",
        "s_obj": "him" if he else "her",
        "s_self": "himself" if he else "herself",
        "obj": "her" if she else "him",
        "poss": "her" if she else "his",
        "poss_c": "Her" if she else "His",
        "pron": "she" if she else "he",
        "place": scene.place,
        "date": scene.date,
        "phone": scene.phone,
        "handle": scene.handle,
        "platform": scene.platform,
        "email": scene.email,
        "vehicle": scene.vehicle,
        "order": scene.order,
        "order_date": scene.order_date,
        "count": str(rng.randint(8, 60)),
        "today": scene.today,
    }


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def write(scene: Scene, rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """The narrative text and the truth of what it states: ``[(code, status), ...]``.

    Status is ``happened``, ``negated`` or ``hypothetical``; codes are behaviour and risk cue
    codes from the taxonomy.
    """
    w = _words(scene, rng)
    truth: list[tuple[str, str]] = []
    parts = [rng.choice(OPENINGS).format(**w)]
    for code in scene.behaviours:
        parts.append(_cap(rng.choice(BEHAVIOUR_TEXT[code][0]).format(**w)))
        truth.append((code, "happened"))
    for code in scene.cues:
        parts.append(_cap(rng.choice(CUE_TEXT[code]).format(**w)))
        truth.append((code, "happened"))
    if scene.negate:
        verb = BEHAVIOUR_TEXT[scene.negate][1].format(**w)
        neg = rng.choice(
            (
                "{S} did not {v} today.",
                "{V} confirms {s} did not {v} this time.",
                "There is no suggestion {s} tried to {v}.",
            )
        )
        parts.append(_cap(neg.format(v=verb, **w)))
        truth.append((scene.negate, "negated"))
    if scene.hypothetical:
        verb = BEHAVIOUR_TEXT[scene.hypothetical][2].format(**w)
        hyp = rng.choice(
            (
                "{V} is worried about what happens if {s} {v} again.",
                "Advised to call 999 if {s} {v} again.",
                "{V} asked what police would do should {s} {v} again.",
            )
        )
        parts.append(_cap(hyp.format(v=verb, **w)))
        truth.append((scene.hypothetical, "hypothetical"))
    if rng.random() < 0.4:
        parts.append(_cap(rng.choice(DATE_LINES).format(**w)))
    parts.extend(e.format(**w) for e in scene.extra)
    return " ".join(parts), truth
