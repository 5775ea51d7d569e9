from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntranetConfig(AppConfig):
    name = "intranet"
    verbose_name = _("Minka intranet")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import audit, signal_handlers
        from .access import policies

        # First, before any app's hooks or views ask Wagtail's policy registry.
        policies.register()
        signal_handlers.register()
        audit.register()
