from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "mosaic.risk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from mosaic.people.signals import person_merged
        from mosaic.risk.merges import orders_follow_merge

        person_merged.connect(orders_follow_merge, dispatch_uid="risk-orders-follow-merge")
