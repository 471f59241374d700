from django.apps import AppConfig


class LinkingConfig(AppConfig):
    name = "mosaic.linking"
    default_auto_field = "django.db.models.BigAutoField"
