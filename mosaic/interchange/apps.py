from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "mosaic.interchange"
    default_auto_field = "django.db.models.BigAutoField"
