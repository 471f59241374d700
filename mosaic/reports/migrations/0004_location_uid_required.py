import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_encrypt_locations")]

    operations = [
        migrations.AlterField(
            model_name="location",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
