from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: what every app uses. It imports no app of Styr's."""

    name = "core"
    verbose_name = "Styr"

    def ready(self):
        from django.utils.translation import gettext_lazy as _
        from simple_history.signals import post_create_historical_m2m_records, post_create_historical_record

        from . import access, audit, registry

        registry.MENU.append((90, _("Audit log"), "core:audit-log", access.may_audit))

        # Every history record is sealed into the chain right after its transaction commits (core.audit).
        post_create_historical_record.connect(audit.collect, dispatch_uid="styr-seal-history")
        post_create_historical_m2m_records.connect(audit.collect_m2m, dispatch_uid="styr-seal-history-m2m")
