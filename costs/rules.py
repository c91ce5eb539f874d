"""No free goods (000 §4.1): registered with the rules engine from CostsConfig.ready()."""

from django.db.models import Exists, OuterRef

from core.registry import BLOCKING, Rule
from services.models import Service

from .models import CostLine, FundingModel


def _with_cost(today):
    return Service.objects.filter(Exists(CostLine.objects.filter(
        service=OuterRef("pk"), year=today.year, figure="outcome", amount_ore__gt=0)))


RULES = [
    Rule("R10-FINANSIERING", "En tjänst med kostnad har en finansieringsmodell för året – inga fria nyttigheter.",
         "000 §4.1, 001 Principer avseende finansiering", BLOCKING, _with_cost,
         lambda services, today: services.exclude(Exists(FundingModel.objects.filter(
             service=OuterRef("pk"), year=today.year))),
         reason="Tjänsten har kostnader i år men ingen finansieringsmodell för året.", fix="costs#costs"),
]
