import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("people", "0003_encrypt_identifiers")]

    operations = [
        migrations.AlterField(
            model_name="identifier",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddIndex(
            model_name="identifier",
            index=models.Index(fields=["type", "value_index"], name="people_iden_type_603700_idx"),
        ),
    ]
