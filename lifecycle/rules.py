"""The lifecycle's rules (000 §3.5), registered with the rules engine from LifecycleConfig.ready()."""

from django.db.models import Exists

from core.registry import BLOCKING, WARNING, Rule
from services.models import Service

from . import queries


def in_production(today):
    return Service.objects.filter(phase=Service.Phase.IN_PRODUCTION)


def _overdue(services, today):
    return services.annotate(last_check=queries.last_periodic_check()).filter(
        queries.q_overdue(queries.check_intervals(), today)
    )


RULES = [
    Rule("R04-SUPPORT", "Ingen tjänst i drift vilar på en komponent utan support från tillverkaren.", "000 §3.5",
         BLOCKING, in_production,
         lambda services, today: services.filter(pk__in=queries.services_on_unsupported(today).values("pk")),
         detail=True, reason="Tjänsten vilar på en komponent vars support från tillverkaren har upphört.",
         fix="architecture#dependencies"),  # names that the service runs on something unsupported: a component, a detail
    Rule("R05-TESTAD", "Varje tjänst i drift har ett godkänt test av sin aktuella version.", "000 §3.5",
         BLOCKING, in_production,
         lambda services, today: services.exclude(Exists(queries.passed_test_of_version())),
         reason="Inget godkänt test finns av tjänstens aktuella version.", fix="architecture#tests"),
    Rule("R06-EGENKONTROLL", "Säkerhet och robusthet kontrolleras regelbundet under drift.", "000 §3.5",
         WARNING, in_production, _overdue, detail=True,  # tells its security checks are overdue: a detail
         reason="En återkommande säkerhets- eller robusthetskontroll är försenad.", fix="architecture#tests"),
]
