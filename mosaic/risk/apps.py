from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "mosaic.risk"
    default_auto_field = "django.db.models.BigAutoField"
