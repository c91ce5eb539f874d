"""The register's own indicators (issue 10, C10), registered from ServicesConfig.ready(): how complete the
register is about who owns and who manages each service in use. Each count is two set-based queries."""

from django.db.models import Exists, OuterRef, Q

from core.registry import RegisterIndicator, register_indicator

from .models import RoleAssignment, Service
from .queries import ownership_on

Phase = Service.Phase
# In use: past "planned" and not yet decommissioned or archived (the phase as registered when counted).
IN_USE = ~Q(phase__in=[Phase.PLANNED, Phase.DECOMMISSIONED, Phase.ARCHIVED])


def _in_use(services):
    counted = Service.objects.filter(IN_USE)
    return counted if services is None else counted.filter(pk__in=services)


def count_owned(on, services=None):
    counted = _in_use(services)
    owned = counted.filter(Exists(ownership_on(on).filter(service=OuterRef("pk"))))
    return owned.count(), counted.count()


def count_managed(on, services=None):
    counted = _in_use(services)
    managed = counted.filter(Exists(RoleAssignment.objects.filter(service=OuterRef("pk"),
                                                                  role=RoleAssignment.Role.SERVICE_MANAGER)))
    return managed.count(), counted.count()


INDICATORS = [
    RegisterIndicator(
        code="tjanster-med-agare",
        name="Andel tjänster i bruk med en utpekad ägare",
        definition=("Räknas: digitala tjänster i bruk — förbi fasen planerad och varken avvecklade eller arkiverade "
                    "(fasen som den är registrerad när talet räknas). Av dem: de som har en ägande nämnd eller ett "
                    "ägande bolag med ett ägarskap i kraft på räkningsdagen (000 §3.1). Andel i procent."),
        source="Styrs register: tjänster och ägarskap",
        version="1",
        count=count_owned,
    ),
    RegisterIndicator(
        code="tjanster-med-forvaltningsledare",
        name="Andel tjänster i bruk med en förvaltningsledare",
        definition=("Räknas: digitala tjänster i bruk — förbi fasen planerad och varken avvecklade eller arkiverade. "
                    "Av dem: de som har minst en person i rollen förvaltningsledare (000 §3.1, §3.5). Andel i "
                    "procent."),
        source="Styrs register: tjänster och roller",
        version="1",
        count=count_managed,
    ),
]


def register():
    for indicator in INDICATORS:
        register_indicator(indicator)
