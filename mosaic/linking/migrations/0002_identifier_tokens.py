"""Identifiers in the linkage tables become keyed tokens (issue 8; docs/adr/0007).

Stored engine records (``PersonRecord``), blocking keys (``PersonKey``) and the field
waterfalls of link decisions held phone numbers, e-mails and other identifiers in the clear.
Records and keys get the identifier's blind index instead (the same HMAC as
``people_identifier.value_index``); waterfalls show identifier values masked. Rows already
converted are left as they are (tokens are recognised), so a re-run changes nothing.
"""

import json

from django.db import migrations


def tokenise(apps, schema_editor):
    from mosaic.linking.protect import protect_explanation, protect_json, protect_key

    PersonRecord = apps.get_model("linking", "PersonRecord")
    PersonKey = apps.get_model("linking", "PersonKey")
    LinkDecision = apps.get_model("linking", "LinkDecision")
    for row in PersonRecord.objects.all().iterator():
        text = json.dumps(protect_json(json.loads(row.record_json)), separators=(",", ":"))
        if text != row.record_json:
            PersonRecord.objects.filter(pk=row.pk).update(record_json=text)
    for row in PersonKey.objects.all().iterator():
        key = protect_key(row.key)
        if key != row.key:
            # Two plain values never share a token, so (key, person) stays unique.
            PersonKey.objects.filter(pk=row.pk).update(key=key)
    for row in LinkDecision.objects.exclude(explanation=[]).iterator():
        shown = protect_explanation(list(row.explanation))
        if shown != row.explanation:
            LinkDecision.objects.filter(pk=row.pk).update(explanation=shown)


class Migration(migrations.Migration):
    dependencies = [
        ("linking", "0001_link_index_and_decisions"),
        ("people", "0004_identifier_uid_required"),
    ]

    operations = [migrations.RunPython(tokenise, migrations.RunPython.noop)]
