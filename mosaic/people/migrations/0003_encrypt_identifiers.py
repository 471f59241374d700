"""Encrypt identifiers at rest and index them with a keyed HMAC (issue 8; docs/adr/0007).

Adds the row key (``uid``) and the blind index (``value_index``), turns ``raw`` and ``value``
into sealed columns, and seals the rows already there. Rows are rewritten with plain SQL
because the historical model would try to open the old plaintext as ciphertext. A row that
is already sealed is left alone, so the migration can be re-run after a partial failure.
"""

import uuid

from django.db import migrations, models

import mosaic.security.fields


def seal_existing(apps, schema_editor):
    from mosaic.people.models import identifier_index
    from mosaic.security.crypto import PREFIX, Context, seal
    from mosaic.security.fields import keyring

    ring, table = keyring(), "people_identifier"
    sqlite = schema_editor.connection.vendor == "sqlite"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, type, raw, value FROM {table}")  # noqa: S608
        rows = cursor.fetchall()
        for pk, kind, raw, value in rows:
            if str(raw).startswith(PREFIX + ":"):
                continue
            uid = str(uuid.uuid4())
            cursor.execute(
                f"UPDATE {table} SET uid=%s, raw=%s, value=%s, value_index=%s WHERE id=%s",  # noqa: S608
                [
                    uid.replace("-", "") if sqlite else uid,
                    seal(ring, raw or "", Context(table, uid, "raw")),
                    None if value is None else seal(ring, value, Context(table, uid, "value")),
                    identifier_index(kind, value),
                    pk,
                ],
            )


def open_existing(apps, schema_editor):
    """Back to plain text (unapplying): open every sealed value with its row's uid."""
    from mosaic.security.crypto import PREFIX, Context, unseal
    from mosaic.security.fields import keyring

    ring, table = keyring(), "people_identifier"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, uid, raw, value FROM {table}")  # noqa: S608
        for pk, uid, raw, value in cursor.fetchall():
            if not str(raw).startswith(PREFIX + ":"):
                continue
            row = str(uuid.UUID(str(uid)))
            cursor.execute(
                f"UPDATE {table} SET raw=%s, value=%s WHERE id=%s",  # noqa: S608
                [
                    unseal(ring, raw, Context(table, row, "raw")),
                    None if value is None else unseal(ring, value, Context(table, row, "value")),
                    pk,
                ],
            )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_initial")]

    operations = [
        migrations.RemoveIndex(model_name="identifier", name="people_iden_type_83bf05_idx"),
        migrations.AddField(
            model_name="identifier",
            name="uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="identifier",
            name="value_index",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="identifier",
            name="raw",
            field=mosaic.security.fields.EncryptedField(max_length=256, row_key="uid"),
        ),
        migrations.AlterField(
            model_name="identifier",
            name="value",
            field=mosaic.security.fields.EncryptedField(
                blank=True, max_length=256, null=True, row_key="uid"
            ),
        ),
        migrations.RunPython(seal_existing, open_existing),
    ]
