"""The rules about the register itself (owner, roles, sourcing, consumers). Rules about what other apps
know — tests, components, exemptions, transfers, costs, classification and security — live in those apps and
are registered the same way, from their AppConfig.ready()."""

from django.db.models import Exists, OuterRef, Q

from core.registry import BLOCKING, WARNING, Rule
from services.models import Consumer, RoleAssignment, Service
from services.queries import ownership_on

Phase = Service.Phase
ACTIVE = ~Q(phase__in=[Phase.DECOMMISSIONED, Phase.ARCHIVED])


RULES = [
    Rule("R01-AGARE", "Varje digital tjänst som passerat planering har exakt en utpekad ägare.", "000 §3.1",
         BLOCKING,
         lambda today: Service.objects.exclude(phase=Phase.PLANNED),
         lambda services, today: services.exclude(Exists(ownership_on(today).filter(service=OuterRef("pk")))),
         reason="Tjänsten saknar en ägare i dag: ingen ägarperiod gäller.", fix="ownership#ownership"),
    Rule("R02-FORVALTNINGSLEDARE", "Varje digital tjänst har en förvaltningsledare.", "000 §3.1, 000 §3.5",
         WARNING,
         lambda today: Service.objects.filter(ACTIVE),
         lambda services, today: services.exclude(Exists(RoleAssignment.objects.filter(
             service=OuterRef("pk"), role=RoleAssignment.Role.SERVICE_MANAGER))),
         reason="Ingen förvaltningsledare är utsedd för tjänsten.", fix="ownership#roles"),
    Rule("R07-LEVERANSMODELL", "Valet av leveransmodell och leverantör omprövas senast på utsatt datum.",
         "000 §3.4", WARNING,
         lambda today: Service.objects.filter(ACTIVE, delivery_model__in=[
             Service.DeliveryModel.EXTERNAL_SUPPLIER, Service.DeliveryModel.CLOUD_SERVICE]),
         lambda services, today: services.filter(Q(sourcing_review_date__isnull=True)
                                                 | Q(sourcing_review_date__lt=today)),
         reason="Datum för omprövning av leveransmodellen saknas eller har passerats.", fix="services:edit"),
    Rule("R09-KONSUMENTER", "En gemensam tjänst i drift har registrerade användande organisationer.",
         "000 §4.1, 001 Principer avseende finansiering", WARNING,
         lambda today: Service.objects.filter(phase=Phase.IN_PRODUCTION, kind=Service.Kind.COMMON),
         lambda services, today: services.exclude(Exists(Consumer.objects.filter(service=OuterRef("pk")))),
         reason="Inga användande organisationer är registrerade för tjänsten.", fix="consumers#consumers"),
]
