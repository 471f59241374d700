from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mosaic.accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # System checks that stop start-up on a dangerous configuration.
        from mosaic.config import checks  # noqa: F401
