from django.apps import AppConfig


class NarrativesConfig(AppConfig):
    name = "mosaic.narratives"
    default_auto_field = "django.db.models.BigAutoField"
