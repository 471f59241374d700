from django.apps import AppConfig


class ConductConfig(AppConfig):
    name = "mosaic.conduct"
    default_auto_field = "django.db.models.BigAutoField"
