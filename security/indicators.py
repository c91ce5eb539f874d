"""Information security's indicator (issue 10, C10; 000 §3.5, 002 §9.1.8), registered from security.registration:
how many of the services in use are completely classified (K, R and T)."""

from django.db.models import Exists, OuterRef

from core.registry import RegisterIndicator, register_indicator
from services.models import Service

from .models import Classification
from .rules import IN_USE


def count_classified(on, services=None):
    counted = Service.objects.filter(IN_USE)
    if services is not None:
        counted = counted.filter(pk__in=services)
    classified = counted.filter(Exists(Classification.objects.filter(
        service=OuterRef("pk"), confidentiality__isnull=False, integrity__isnull=False, availability__isnull=False)))
    return classified.count(), counted.count()


INDICATORS = [
    RegisterIndicator(
        code="tjanster-klassade",
        name="Andel tjänster i bruk som är informationsklassade",
        definition=("Räknas: digitala tjänster i bruk — förbi fasen planerad och varken avvecklade eller arkiverade "
                    "(fasen som den är registrerad när talet räknas). Av dem: de vars klassning har en nivå i alla tre "
                    "dimensionerna konfidentialitet, riktighet och tillgänglighet (K, R, T), satt från "
                    "informationstyperna eller för hand med motivering (000 §3.5, 002 §9.1.8). Andel i procent."),
        source="Styrs register: informationsklassning",
        version="1",
        count=count_classified,
    ),
]


def register():
    for indicator in INDICATORS:
        register_indicator(indicator)
