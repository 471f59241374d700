from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_data_protection_role"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="role",
            field=models.CharField(
                choices=[
                    ("call_handler", "Call handler"),
                    ("officer", "Officer"),
                    ("investigator", "Investigator"),
                    ("supervisor", "Supervisor"),
                    ("coordinator", "Stalking coordinator"),
                    ("analyst", "Analyst"),
                    ("inspector", "Inspector"),
                    ("force_admin", "Force administrator"),
                    ("registrar", "Force crime registrar"),
                    ("data_protection", "Data protection officer"),
                ],
                max_length=20,
            ),
        ),
    ]
