"""Field encryption tested as a library would be: round trips, wrong keys, moved ciphertexts."""

from __future__ import annotations

import base64
import os

import pytest
from django.conf import settings
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from mosaic.reports.models import Location
from mosaic.security.crypto import (
    Context,
    DecryptionError,
    KeyRing,
    KeyRingError,
    blind_index,
    key_id_of,
    seal,
    unseal,
)
from mosaic.security.fields import index_of


def _key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


RING = KeyRing.parse(f"k1:{_key()}", _key())
HERE = Context("reports_location", "0b7c…", "address")
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@pytest.mark.parametrize("value", [0, False, True, "", None, "é ✓ 🚨 Ærøskøbing", "x" * 300, 1.5])
def test_values_round_trip_as_themselves(value):
    back = unseal(RING, seal(RING, value, HERE), HERE)
    assert back == value
    assert type(back) is type(value)


@given(json_values)
def test_any_json_value_round_trips(value):
    assert unseal(RING, seal(RING, value, HERE), HERE) == value


@given(st.text(max_size=300))
def test_the_same_text_seals_differently_each_time(text):
    assert seal(RING, text, HERE) != seal(RING, text, HERE)


def test_a_wrong_key_raises():
    other = KeyRing.parse(f"k1:{_key()}", _key())
    with pytest.raises(DecryptionError):
        unseal(other, seal(RING, "12 Larch Close", HERE), HERE)


@pytest.mark.parametrize(
    "elsewhere",
    [
        Context("reports_location", "another-row", "address"),
        Context("reports_location", "0b7c…", "postcode"),
        Context("people_person", "0b7c…", "address"),
    ],
)
def test_a_ciphertext_moved_to_another_row_field_or_table_raises(elsewhere):
    with pytest.raises(DecryptionError):
        unseal(RING, seal(RING, "12 Larch Close", HERE), elsewhere)


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=255))
def test_any_flipped_byte_raises(position, flip):
    token = seal(RING, "12 Larch Close, Northbridge", HERE)
    prefix, kid, body = token.split(":", 2)
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[position % len(raw)] ^= flip
    tampered = f"{prefix}:{kid}:{base64.urlsafe_b64encode(bytes(raw)).decode()}"
    with pytest.raises(DecryptionError):
        unseal(RING, tampered, HERE)


@pytest.mark.parametrize("token", ["", "plain text", "enc1:k1:", "enc1:k1:!!!", "enc1:zz:AAAA"])
def test_garbage_raises(token):
    with pytest.raises(DecryptionError):
        unseal(RING, token, HERE)


def test_lengths_show_only_in_32_byte_steps():
    lengths = {len(seal(RING, "x" * n, HERE)) for n in range(0, 28)}
    assert len(lengths) == 1


def test_rotation_new_key_seals_old_keys_still_open():
    old = RING
    new = KeyRing.parse(
        f"k2:{_key()},k1:{base64.urlsafe_b64encode(old.keys['k1']).decode()}", _key()
    )
    token = seal(old, "kept", HERE)
    assert unseal(new, token, HERE) == "kept"
    assert key_id_of(seal(new, "kept", HERE)) == "k2"


@pytest.mark.parametrize(
    ("spec", "index"),
    [
        ("", "x"),
        ("k1", _key()),
        ("k1:short", _key()),
        (f"bad id!:{_key()}", _key()),
        (f"k1:{_key()},k1:{_key()}", _key()),
        (f"k1:{_key()}", ""),
    ],
)
def test_malformed_key_rings_are_refused(spec, index):
    with pytest.raises(KeyRingError):
        KeyRing.parse(spec, index)


def test_blind_index_is_keyed_not_a_plain_hash():
    other = KeyRing.parse(f"k1:{_key()}", _key())
    assert blind_index(RING, "postcode", "NB3 4QT") != blind_index(other, "postcode", "NB3 4QT")
    assert blind_index(RING, "postcode", "NB3 4QT") == blind_index(RING, "postcode", "NB3 4QT")
    assert blind_index(RING, "postcode", "NB3 4QT") != blind_index(RING, "phone", "NB3 4QT")


@pytest.mark.django_db
def test_locations_are_sealed_in_the_database_and_open_on_read():
    made = Location.objects.create(
        address="12 Larch Close",
        postcode_raw="nb3 4qt",
        postcode="NB3 4QT",
        postcode_index=index_of("postcode", "NB3 4QT"),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT address, postcode FROM reports_location WHERE id = %s", [made.pk])
        stored = cursor.fetchone()
    assert all(v.startswith("enc1:") for v in stored)
    assert "Larch" not in "".join(stored)
    again = Location.objects.get(pk=made.pk)
    assert (again.address, again.postcode) == ("12 Larch Close", "NB3 4QT")
    assert list(Location.objects.at_postcode("NB3 4QT")) == [made]
    assert not Location.objects.at_postcode("NB3 4QX").exists()


@pytest.mark.django_db
def test_a_sealed_value_swapped_between_rows_does_not_open():
    a = Location.objects.create(address="victim's flat")
    b = Location.objects.create(address="a shop")
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM reports_location WHERE id = %s", [a.pk])
        token = cursor.fetchone()[0]
        cursor.execute("UPDATE reports_location SET address = %s WHERE id = %s", [token, b.pk])
    with pytest.raises(DecryptionError):
        _ = Location.objects.get(pk=b.pk).address


@pytest.mark.django_db
def test_plaintext_cannot_sneak_in_through_update_or_filter():
    Location.objects.create(address="x")
    with pytest.raises(TypeError):
        Location.objects.update(address="plain")
    with pytest.raises(TypeError):
        list(Location.objects.filter(address="x"))


@pytest.mark.django_db
def test_too_long_values_are_refused():
    with pytest.raises(ValueError, match="longer than 300"), transaction.atomic():
        Location.objects.create(address="x" * 301)
    assert Location.objects.create(address="é" * 300).address == "é" * 300


def test_dev_mode_derives_a_stable_ring():
    assert settings.DEV
    assert KeyRing.derived("a").keys == KeyRing.derived("a").keys
    assert KeyRing.derived("a").keys != KeyRing.derived("b").keys


@pytest.mark.django_db
def test_no_address_in_the_sqlite_file(recorded_report):
    if connection.vendor != "sqlite":
        pytest.skip("inspects the SQLite file")
    # The whole database as SQL (a file backup would wait on the test's open transaction).
    data = "\n".join(connection.connection.iterdump())
    assert "Ruth Ashdown" in data  # names are not encrypted (yet): the dump is real
    assert "Station Road" not in data
    assert "NB3 4QT" not in data


@pytest.mark.django_db
def test_rotation_reseals_old_rows_with_the_new_key(settings):
    from django.core.management import call_command

    from mosaic.security import fields

    old = f"k1:{_key()}"
    index = _key()
    settings.MOSAIC_FIELD_KEYS, settings.MOSAIC_FIELD_INDEX_KEY = old, index
    made = Location.objects.create(address="12 Larch Close", postcode="NB3 4QT")
    settings.MOSAIC_FIELD_KEYS = f"k2:{_key()},{old}"
    assert Location.objects.get(pk=made.pk).address == "12 Larch Close"  # old key still opens
    call_command("rotate_field_keys")
    with connection.cursor() as cursor:
        cursor.execute("SELECT address, postcode FROM reports_location WHERE id = %s", [made.pk])
        assert all(key_id_of(v) == "k2" for v in cursor.fetchone())
    settings.MOSAIC_FIELD_KEYS = settings.MOSAIC_FIELD_KEYS.split(",")[0]  # drop k1
    assert Location.objects.get(pk=made.pk).address == "12 Larch Close"
    fields._ring.cache_clear()


@given(st.text(max_size=40), st.text(max_size=40), st.text(max_size=40), st.text(max_size=16))
def test_associated_data_is_exactly_the_json_it_always_was(table, row, field, key_id):
    """Every stored ciphertext is bound to these bytes: the fast form must never drift from
    ``json.dumps`` (unicode, quotes, backslashes and control characters included)."""
    import json

    from mosaic.security.crypto import PREFIX, Context

    expected = json.dumps([PREFIX, table, row, field, key_id]).encode()
    assert Context(table=table, row=row, field=field).aad(key_id) == expected


@pytest.mark.django_db
def test_rows_sealed_without_an_instance_open_through_the_model_and_keep_their_uids_in_order():
    """Bulk import seals rows with ``sealed_row`` and writes them with plain SQL: they must
    read back exactly as rows saved through the ORM, and take time-ordered (v7) uids so the
    ``uid`` index is appended to (ADR 0012)."""
    from mosaic.security.fields import sealed_row

    made = []
    for n in range(20):
        uid, sealed = sealed_row(
            Location, address=f"{n} Larch Close", postcode_raw="nb3 4qt", postcode="NB3 4QT"
        )
        made.append(uid)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO reports_location (uid, address, postcode_raw, postcode,"
                " postcode_index) VALUES (%s, %s, %s, %s, %s)",
                [
                    uid if connection.features.has_native_uuid_field else uid.hex,
                    sealed["address"],
                    sealed["postcode_raw"],
                    sealed["postcode"],
                    "",
                ],
            )
    saved = Location.objects.create(address="20 Larch Close")
    assert all(uid.version == 7 for uid in made)
    assert made == sorted(made)
    assert saved.uid.version == 7
    assert saved.uid > made[-1]
    back = {loc.uid: loc for loc in Location.objects.all()}
    assert [back[uid].address for uid in made] == [f"{n} Larch Close" for n in range(20)]
    assert {back[uid].postcode for uid in made} == {"NB3 4QT"}
    with pytest.raises(ValueError, match="longer than 300"):
        sealed_row(Location, address="x" * 301, postcode_raw="", postcode="")


def test_nonces_never_repeat_across_pools_threads_or_a_fork():
    """Nonces come from a per-thread pool of OS randomness; a forked child must not reuse
    what its parent had left, and no two seals may share a nonce."""
    import threading

    from mosaic.security import crypto

    def nonce_of(token: str) -> bytes:
        return base64.urlsafe_b64decode(token.split(":", 2)[2])[: crypto.NONCE_BYTES]

    seen = [nonce_of(seal(RING, "x", HERE)) for _ in range(3 * crypto.NONCES_A_DRAW)]
    others: list[bytes] = []
    worker = threading.Thread(
        target=lambda: others.extend(crypto._nonces.take() for _ in range(50))
    )
    worker.start()
    worker.join()
    crypto._nonces.pool, crypto._nonces.at = os.urandom(4 * crypto.NONCE_BYTES), crypto.NONCE_BYTES
    left = crypto._nonces.pool[crypto._nonces.at :]
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: report its first nonce, then leave at once
        os.write(write, crypto._nonces.take())
        os._exit(0)
    os.waitpid(child, 0)
    from_child = os.read(read, crypto.NONCE_BYTES)
    assert len(set(seen + others)) == len(seen) + len(others)
    assert from_child not in left  # the child did not take what the parent had left
    assert crypto._nonces.take() == left[: crypto.NONCE_BYTES]  # the parent carries on
