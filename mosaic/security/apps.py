from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Authentication hardening, web headers, field encryption, reveals and oversight."""

    name = "mosaic.security"
    label = "security"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from mosaic.security import checks  # noqa: F401 - registers the system checks
        from mosaic.security.mfa import signed_in

        user_logged_in.connect(signed_in, dispatch_uid="mosaic_step_up_at_sign_in")
