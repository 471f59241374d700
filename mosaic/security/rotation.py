"""Key rotation: re-seal encrypted fields still under an older key (after a new key is put
first), and rebuild the blind indexes after the index key changes."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from mosaic.audit.models import Operation
from mosaic.audit.trail import write_event
from mosaic.security.crypto import key_id_of
from mosaic.security.fields import EncryptedField, Sealed, encrypted_fields, index_of, keyring


def _encrypted_models() -> list[tuple[type, tuple[EncryptedField, ...]]]:
    return [(model, fields) for model in apps.get_models() if (fields := encrypted_fields(model))]


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


@transaction.atomic
def blind_indexes_rebuild(*, actor: object = None) -> dict[str, int]:
    """Recompute every blind index under the current ``MOSAIC_FIELD_INDEX_KEY``.

    Run after changing the index key (docs/adr/0007): postcode and identifier indexes are
    recomputed from the opened values, and the linkage tables (whose identifier tokens are
    the same HMAC) are re-derived from the stored mentions. One transaction, so search and
    linkage never see a half-rebuilt index. Search events already in the audit trail keep
    the indexes of the key they were written under.
    """
    from engines.linkage import record_to_json
    from mosaic.linking.engine import keys_of, own_identifiers, record_of
    from mosaic.linking.models import PersonKey, PersonRecord
    from mosaic.people.models import Identifier, identifier_index
    from mosaic.reports.models import Location, Mention

    locations = list(Location.objects.all())
    for loc in locations:
        loc.postcode_index = index_of("postcode", loc.postcode)
    Location.objects.bulk_update(locations, ["postcode_index"], batch_size=500)
    identifiers = list(Identifier.objects.all())
    for ident in identifiers:
        ident.value_index = identifier_index(ident.type, ident.value)
    Identifier.objects.bulk_update(identifiers, ["value_index"], batch_size=500)

    rows = list(PersonRecord.objects.select_related("mention__report"))
    reports = {row.mention.report_id for row in rows}
    mentions = Mention.objects.filter(report_id__in=reports).prefetch_related("identifiers")
    by_report: dict[int, list[Mention]] = {}
    for m in mentions:
        by_report.setdefault(m.report_id, []).append(m)
    keys: set[tuple[str, int]] = set()
    for row in rows:
        siblings = by_report[row.mention.report_id]
        mention = next(m for m in siblings if m.pk == row.mention_id)
        mention.report = row.mention.report
        record = record_of(mention, own_identifiers(siblings))
        row.record_json = record_to_json(record)
        keys |= {(k, row.person_id) for k in keys_of(record)}
    PersonRecord.objects.bulk_update(rows, ["record_json"], batch_size=500)
    PersonKey.objects.all().delete()
    PersonKey.objects.bulk_create([PersonKey(key=k, person_id=p) for k, p in sorted(keys)])
    counts = {"locations": len(locations), "identifiers": len(identifiers), "records": len(rows)}
    write_event(
        actor=actor,
        operation=Operation.ALTERATION,
        action="blind_indexes_rebuild",
        target_type="keys",
        target_id="index",
        details=counts,
    )
    return counts
