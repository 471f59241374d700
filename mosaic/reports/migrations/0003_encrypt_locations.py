"""Encrypt locations at rest (issue 8; docs/adr/0006).

Adds the row key (``uid``) and the postcode blind index, turns the three text columns into
sealed ones, and seals any rows already there. The rows are rewritten with plain SQL because
the historical model would try to open the old plaintext as ciphertext.
"""

import uuid

from django.db import migrations, models

import mosaic.security.fields


def seal_existing(apps, schema_editor):
    from mosaic.security.crypto import PREFIX, Context, seal
    from mosaic.security.fields import index_of, keyring

    ring, table = keyring(), "reports_location"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, address, postcode_raw, postcode FROM {table}")  # noqa: S608
        rows = cursor.fetchall()
        for pk, address, postcode_raw, postcode in rows:
            if str(address).startswith(PREFIX + ":"):
                continue
            uid = str(uuid.uuid4())
            values = {"address": address, "postcode_raw": postcode_raw, "postcode": postcode}
            sealed = {k: seal(ring, v or "", Context(table, uid, k)) for k, v in values.items()}
            cursor.execute(
                f"UPDATE {table} SET uid=%s, address=%s, postcode_raw=%s, postcode=%s, "  # noqa: S608
                "postcode_index=%s WHERE id=%s",
                [
                    uid.replace("-", "") if schema_editor.connection.vendor == "sqlite" else uid,
                    sealed["address"],
                    sealed["postcode_raw"],
                    sealed["postcode"],
                    index_of("postcode", postcode or ""),
                    pk,
                ],
            )


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_import_fields_and_codes")]

    operations = [
        migrations.AddField(
            model_name="location",
            name="uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="location",
            name="postcode_index",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="location",
            name="address",
            field=mosaic.security.fields.EncryptedField(blank=True, max_length=300, row_key="uid"),
        ),
        migrations.AlterField(
            model_name="location",
            name="postcode_raw",
            field=mosaic.security.fields.EncryptedField(blank=True, max_length=16, row_key="uid"),
        ),
        migrations.AlterField(
            model_name="location",
            name="postcode",
            field=mosaic.security.fields.EncryptedField(blank=True, max_length=8, row_key="uid"),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
    ]
