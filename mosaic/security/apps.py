from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Authentication hardening, web headers, field encryption, reveals and oversight."""

    name = "mosaic.security"
    label = "security"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from mosaic.security import checks  # noqa: F401 - registers the system checks
