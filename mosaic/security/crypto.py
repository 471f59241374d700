"""Field encryption: AES-256-GCM with the row's identity as associated data, and blind indexes.

Each value is sealed as ``enc1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>``. The associated
data names the table, the row and the field (and the key id), so a ciphertext copied into
another row or column does not open: it raises :class:`DecryptionError`. Values are JSON, so
``0``, ``False`` and ``""`` come back as themselves, and the plaintext is padded to a multiple
of 32 bytes so lengths show only roughly. Lookups use a keyed HMAC-SHA256 ("blind index"),
never a plain hash, which a list of all UK postcodes would reverse in seconds.
See docs/adr/0006-field-encryption.md.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import json
import os
import re
import threading
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "enc1"
KEY_BYTES = 32
NONCE_BYTES = 12
PAD_BLOCK = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


class KeyRingError(ValueError):
    """The configured keys are missing or malformed."""


class DecryptionError(ValueError):
    """A sealed value did not open: wrong key, wrong row or field, or tampered bytes."""


_quote = json.encoder.encode_basestring_ascii  # what json.dumps uses (ensure_ascii=True)
# ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` builds a new encoder on every
# call (any non-default argument does); one shared encoder gives the same bytes for less.
_plain_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_URLSAFE = bytes.maketrans(b"+/", b"-_")  # base64 -> base64url, as base64.urlsafe_b64encode


@dataclass(frozen=True)
class Context:
    """Where a sealed value lives; bound into the ciphertext as associated data."""

    table: str
    row: str
    field: str

    def aad(self, key_id: str) -> bytes:
        """``json.dumps([PREFIX, table, row, field, key_id])``, byte for byte (every sealed
        value depends on it), built with the encoder's own C string quoting: it is computed
        for every value sealed or opened, and a bulk import seals millions."""
        parts = (PREFIX, self.table, self.row, self.field, key_id)
        return ("[" + ", ".join(map(_quote, parts)) + "]").encode()


def _decode_key(key_id: str, encoded: str) -> bytes:
    if not _KEY_ID.match(key_id):
        raise KeyRingError(f"key id {key_id!r}: use 1-16 letters, digits, '-' or '_'")
    try:
        key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError) as exc:
        raise KeyRingError(f"key {key_id!r} is not base64") from exc
    if len(key) != KEY_BYTES:
        raise KeyRingError(f"key {key_id!r} is {len(key)} bytes; AES-256 needs {KEY_BYTES}")
    return key


@dataclass(frozen=True)
class KeyRing:
    """Encryption keys by id (the first seals new values; all open old ones) and the index key."""

    current: str
    keys: dict[str, bytes]
    index_key: bytes

    @classmethod
    def parse(cls, spec: str, index_key: str) -> KeyRing:
        """Read ``"k2:<base64>,k1:<base64>"`` (newest first) and a base64 index key."""
        pairs = [part.strip().split(":", 1) for part in spec.split(",") if part.strip()]
        if not pairs or any(len(p) != 2 for p in pairs):
            raise KeyRingError("MOSAIC_FIELD_KEYS must read 'id:base64key[,id:base64key…]'")
        keys = {kid: _decode_key(kid, encoded) for kid, encoded in pairs}
        if len(keys) != len(pairs):
            raise KeyRingError("MOSAIC_FIELD_KEYS names a key id twice")
        if not index_key:
            raise KeyRingError("MOSAIC_FIELD_INDEX_KEY must be set")
        return cls(current=pairs[0][0], keys=keys, index_key=_decode_key("index", index_key))

    @classmethod
    def derived(cls, secret: str) -> KeyRing:
        """A ring derived from a fixed phrase: for development mode only (synthetic data)."""
        enc = hashlib.sha256(b"mosaic field key\x00" + secret.encode()).digest()
        idx = hashlib.sha256(b"mosaic index key\x00" + secret.encode()).digest()
        return cls(current="dev", keys={"dev": enc}, index_key=idx)


def _pad(data: bytes) -> bytes:
    # ISO/IEC 7816-4: a 0x80 marker, then zeros to the block size.
    data += b"\x80"
    return data + b"\x00" * (-len(data) % PAD_BLOCK)


def _unpad(data: bytes) -> bytes:
    body = data.rstrip(b"\x00")
    if not body.endswith(b"\x80"):
        raise DecryptionError("bad padding")
    return body[:-1]


@functools.lru_cache(maxsize=16)
def _aead(key: bytes) -> AESGCM:
    """One cipher object per key (building one costs as much as the encryption itself; the
    object holds only the key and is safe to share)."""
    return AESGCM(key)


class _Nonces(threading.local):
    """Random nonces drawn from the OS a few thousand bytes at a time, not one system call a
    value (a bulk import seals nine values a report; ``getrandom`` was 7 % of its time).

    Each thread has its own pool, and a forked child drops the pool it inherited
    (``os.register_at_fork``), so no two threads or processes ever use the same bytes: a
    repeated nonce under one AES-GCM key would expose both plaintexts."""

    def __init__(self) -> None:
        self.pool, self.at = b"", 0

    def take(self) -> bytes:
        if self.at + NONCE_BYTES > len(self.pool):
            self.pool, self.at = os.urandom(NONCE_BYTES * NONCES_A_DRAW), 0
        nonce = self.pool[self.at : self.at + NONCE_BYTES]
        self.at += NONCE_BYTES
        return nonce


NONCES_A_DRAW = 256
_nonces = _Nonces()


def _forget_nonces() -> None:
    # Only the forking thread lives on in the child: empty its pool (the parent keeps its own).
    _nonces.pool, _nonces.at = b"", 0


os.register_at_fork(after_in_child=_forget_nonces)


def seal(ring: KeyRing, value: Any, context: Context) -> str:
    """Encrypt a JSON-able value for one field of one row with the current key."""
    plaintext = _pad(_plain_json(value).encode())
    nonce = _nonces.take()
    sealed = _aead(ring.keys[ring.current]).encrypt(nonce, plaintext, context.aad(ring.current))
    text = binascii.b2a_base64(nonce + sealed, newline=False).translate(_URLSAFE).decode("ascii")
    return f"{PREFIX}:{ring.current}:{text}"


def key_id_of(token: str) -> str:
    """The id of the key that sealed ``token`` (for rotation)."""
    parts = token.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionError("not a sealed value")
    return parts[1]


def unseal(ring: KeyRing, token: str, context: Context) -> Any:
    """Decrypt a value sealed by :func:`seal` for exactly this context; raise otherwise."""
    key_id = key_id_of(token)
    key = ring.keys.get(key_id)
    if key is None:
        raise DecryptionError(f"no key {key_id!r} in the key ring")
    try:
        raw = base64.urlsafe_b64decode(token.split(":", 2)[2])
        opened = _aead(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.aad(key_id))
        return json.loads(_unpad(opened).decode())
    except (InvalidTag, binascii.Error, ValueError) as exc:
        if isinstance(exc, DecryptionError):
            raise
        raise DecryptionError("the value does not open with this key, row and field") from exc


def blind_index(ring: KeyRing, purpose: str, value: str) -> str:
    """A keyed HMAC-SHA256 of a normalised value, for equality lookups without the value."""
    message = purpose.encode() + b"\x00" + value.encode()
    return hmac.new(ring.index_key, message, hashlib.sha256).hexdigest()
