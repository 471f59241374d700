"""Synthetic people and their identifiers, each a pure function of (seed, person number).

Nothing is stored per person: a person is re-derived from a seeded ``random.Random`` when a
scenario needs it (with a small LRU cache), so a world of ten million people costs no memory.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import lru_cache

from faker import Faker
from faker.providers.person.en_GB import Provider as _Names

FIRST_F: tuple[str, ...] = tuple(_Names.first_names_female)
FIRST_M: tuple[str, ...] = tuple(_Names.first_names_male)
LAST: tuple[str, ...] = tuple(_Names.last_names)
# Common surnames get extra weight so different people share names, as they do on file.
COMMON_LAST: tuple[str, ...] = ("Smith", "Jones", "Williams", "Brown", "Taylor", "Davies")
COMMON_FIRST_M: tuple[str, ...] = ("David", "John", "Michael", "James", "Paul")
COMMON_FIRST_F: tuple[str, ...] = ("Sarah", "Emma", "Claire", "Laura", "Rebecca")

# Ofcom numbers reserved for drama (TV, radio, film): never connected to a subscriber.
DRAMA_MOBILE = "07700 900"
DRAMA_LANDLINES: tuple[str, ...] = (
    "01632 960",
    "020 7946 0",
    "0113 496 0",
    "0114 496 0",
    "0115 496 0",
    "0116 496 0",
    "0117 496 0",
    "0118 496 0",
    "0121 496 0",
    "0131 496 0",
    "0151 496 0",
    "0161 496 0",
    "0191 498 0",
)
# Generic numbers that many unrelated people give or call from; they must never link anyone.
GENERIC_NUMBERS: tuple[tuple[str, str], ...] = (
    ("101", "police non-emergency"),
    ("999", "emergency"),
    ("01632 960000", "force switchboard"),
    ("0808 157 0001", "stalking helpline"),
    ("0808 157 0002", "victim support line"),
)
PLATFORMS: tuple[str, ...] = ("instagram", "facebook", "x", "tiktok", "snapchat", "whatsapp")
_WORDS: tuple[str, ...] = (
    "moon",
    "fox",
    "grey",
    "owl",
    "river",
    "night",
    "silent",
    "wolf",
    "ember",
    "shadow",
    "blue",
    "lark",
    "storm",
    "quiet",
    "raven",
    "frost",
    "echo",
    "pine",
    "drift",
    "hollow",
)


@dataclass(frozen=True, slots=True)
class Person:
    """The truth about one synthetic person."""

    pid: int
    sex: str
    first: str
    middle: str | None
    last: str
    birth_last: str
    dob: dt.date
    address_line: str
    postcode: str
    vehicle: str | None


@dataclass(frozen=True, slots=True)
class Places:
    """Pools of street names, towns and postcodes drawn once per world from Faker en_GB."""

    streets: tuple[str, ...]
    towns: tuple[str, ...]
    postcodes: tuple[str, ...]


def make_places(seed: int) -> Places:
    """Draw the world's address pools from a Faker en_GB instance seeded with ``seed``."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    streets = tuple(fake.street_name() for _ in range(600))
    towns = tuple(fake.city() for _ in range(120))
    postcodes = tuple(fake.postcode() for _ in range(3000))
    return Places(streets, towns, postcodes)


class Population:
    """People numbered ``0 .. size-1``, each derived on demand from the world seed."""

    def __init__(self, seed: int, size: int, places: Places) -> None:
        self.seed = seed
        self.size = size
        self.places = places
        # The Ofcom drama mobile block has 1,000 numbers: small worlds stay inside it, with four
        # numbers per person; larger worlds switch to the fictional 04 scheme (docs/import-format).
        self.drama_only = size * 4 <= 1000
        self.person = lru_cache(maxsize=8192)(self._derive)

    def _derive(self, pid: int) -> Person:
        rng = random.Random(f"{self.seed}:person:{pid}")
        sex = "F" if rng.random() < 0.55 else "M"
        if rng.random() < 0.12:
            first = rng.choice(COMMON_FIRST_F if sex == "F" else COMMON_FIRST_M)
        else:
            first = rng.choice(FIRST_F if sex == "F" else FIRST_M)
        last = rng.choice(COMMON_LAST) if rng.random() < 0.12 else rng.choice(LAST)
        middle = rng.choice(FIRST_F if sex == "F" else FIRST_M) if rng.random() < 0.4 else None
        age_days = rng.randint(17 * 365, 75 * 365)
        dob = dt.date(2024, 1, 1) - dt.timedelta(days=age_days)
        p = self.places
        town = rng.choice(p.towns)
        address = f"{rng.randint(1, 180)} {rng.choice(p.streets)}, {town}"
        vehicle = _vehicle(rng) if rng.random() < 0.5 else None
        return Person(
            pid, sex, first, middle, last, last, dob, address, rng.choice(p.postcodes), vehicle
        )

    def draw(self, rng: random.Random, sex: str | None = None) -> Person:
        """A random person, of the given sex where one is asked for (a few tries)."""
        person = self.person(rng.randrange(self.size))
        for _ in range(6):
            if sex is None or person.sex == sex:
                break
            person = self.person(rng.randrange(self.size))
        return person

    def phone(self, pid: int, version: int) -> str:
        """The person's ``version``-th mobile number, as it would be written down."""
        if self.drama_only:
            slot = (pid * 4 + version % 4) % 1000
            return f"{DRAMA_MOBILE}{(slot * 7 + 13) % 1000:03d}"
        # Bijective affine map onto 10^9 numbers: distinct (pid, version) pairs never collide.
        slot = ((pid * 16 + version % 16) * 387_420_489 + 12_345) % 1_000_000_000
        digits = f"{slot:09d}"
        return f"04{digits[:2]} {digits[2:5]} {digits[5:]}"

    def landline(self, pid: int) -> str:
        """The person's home landline inside an Ofcom drama landline block."""
        block = DRAMA_LANDLINES[pid % len(DRAMA_LANDLINES)]
        # Every block leaves three digits; 000 is skipped (01632 960000 is the switchboard).
        return f"{block}{(pid // len(DRAMA_LANDLINES)) % 999 + 1:03d}"

    def email(self, pid: int, version: int) -> str:
        """An e-mail address on the example.com/.org/.net domains reserved for documentation."""
        person = self.person(pid)
        domain = ("example.com", "example.org", "example.net")[(pid + version) % 3]
        return f"{person.first}.{person.last}{pid}{'' if version == 0 else version}@{domain}"

    def handle(self, pid: int, version: int) -> tuple[str, str]:
        """A clearly fictional ``syn_`` handle and its platform."""
        rng = random.Random(f"{self.seed}:handle:{pid}:{version}")
        name = f"syn_{rng.choice(_WORDS)}{rng.choice(_WORDS)}{rng.randint(10, 9999)}"
        return name, rng.choice(PLATFORMS)

    def device(self, pid: int) -> str:
        """A test-range IMEI (reporting body 00) with a valid Luhn check digit."""
        body = f"00{(pid * 7919 + self.seed) % 10**12:012d}"
        return body + str(_luhn_digit(body))


def married_name(person: Person, rng: random.Random) -> Person:
    """The same person after a change of surname (marriage, divorce, deed poll)."""
    new_last = rng.choice(LAST)
    return Person(
        person.pid,
        person.sex,
        person.first,
        person.middle,
        new_last,
        person.birth_last,
        person.dob,
        person.address_line,
        person.postcode,
        person.vehicle,
    )


def _vehicle(rng: random.Random) -> str:
    # "ZZ" is not a DVLA memory tag, so these registrations cannot belong to a real vehicle.
    letters = "ABCDEFGHJKLMNOPRSTUVWXY"
    tail = "".join(rng.choice(letters) for _ in range(3))
    return f"ZZ{rng.randint(51, 74)} {tail}"


def _luhn_digit(body: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return (10 - total % 10) % 10
