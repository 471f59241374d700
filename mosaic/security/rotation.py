"""Re-seal encrypted fields still under an older key (after a new key is put first)."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from mosaic.audit.models import Operation
from mosaic.audit.trail import write_event
from mosaic.security.crypto import key_id_of
from mosaic.security.fields import EncryptedField, Sealed, keyring


def _encrypted_models() -> list[tuple[type, list[EncryptedField]]]:
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        if fields:
            found.append((model, fields))
    return found


@transaction.atomic
def field_keys_rotate(*, actor: object = None) -> int:
    """Re-seal every value not under the current key; returns how many rows were rewritten."""
    current, rewritten = keyring().current, 0
    for model, fields in _encrypted_models():
        for row in model._default_manager.all().iterator():  # type: ignore[attr-defined]
            stale = [
                f
                for f in fields
                if isinstance(row.__dict__.get(f.attname), Sealed)
                and key_id_of(row.__dict__[f.attname]) != current
            ]
            if stale:
                for f in stale:
                    getattr(row, f.attname)  # opens with the old key; save seals with the new
                row.save(update_fields=[f.attname for f in stale])
                rewritten += 1
    write_event(
        actor=actor,
        operation=Operation.ALTERATION,
        action="field_keys_rotate",
        target_type="keys",
        target_id=current,
        details={"rows": rewritten},
    )
    return rewritten
