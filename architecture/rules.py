"""The architecture's rules (registered from architecture/registration.py), docs/decisions/0024.

R18 (002 §9.1.6, no overlapping services): two active services that support the same leaf process for at least
one consuming organisation in common, neither an infrastructure service, overlap — unless one of them is covered
by an approved, unexpired exemption or is being phased out. "Active" is "in production": a service being
decommissioned is a decided phase-out, one still being built is the needs mapping's concern (R19). Both services
of an overlap have the finding (each owner has to answer for it); overlaps() names the other service and the
process.

R19 (002 §9.1.7, map the need before building): a service that has left "planned" but is not yet in production
(in development or in test) has a needs mapping that considered every active service supporting one of its
mapped processes, each with a reason. Services already in production are not asked for a mapping after the
fact: the moment for it has passed, and the overlap rule watches them instead.

Both are set-based: EXISTS subqueries over the process links, no loop over services."""

from django.db.models import Count, Exists, F, OuterRef, Q, Value

from core.registry import BLOCKING, WARNING, Rule
from governance.models import Exemption
from services.models import Consumer, Service

from .models import MappedService, NeedsMapping, Process

Link = Process.services.through
ACTIVE = Q(phase=Service.Phase.IN_PRODUCTION) & ~Q(kind=Service.Kind.INFRASTRUCTURE)
BEING_BUILT = (Service.Phase.IN_DEVELOPMENT, Service.Phase.IN_TEST)


def leaf_processes():
    return Process.objects.filter(~Exists(Process.objects.filter(parent=OuterRef("pk"))))


def exempted(today):
    """Ids of services with an approved exemption valid on `today`."""
    return Exemption.objects.filter(status=Exemption.Status.APPROVED, expires_on__gte=today).values("service_id")


def overlap_candidates(today):
    """Active services that may overlap: not infrastructure, not exempted."""
    return Service.objects.filter(ACTIVE).exclude(pk__in=exempted(today))


def overlapping_links(today):
    """Process links (service, leaf process) whose service has a partner on the same process: another candidate
    service with a consuming organisation in common."""
    candidates = overlap_candidates(today).values("pk")
    shared_consumer = Consumer.objects.filter(
        service_id=OuterRef("service_id"),
        organisation_id__in=Consumer.objects.filter(service_id=OuterRef(OuterRef(OuterRef("service_id"))))
        .values("organisation_id"),
    )
    partner = Link.objects.filter(process_id=OuterRef("process_id"), service_id__in=candidates).exclude(
        service_id=OuterRef("service_id")).filter(Exists(shared_consumer))
    return Link.objects.filter(service_id__in=candidates, process_id__in=leaf_processes().values("pk")).filter(
        Exists(partner))


# A (leaf process, consuming organisation) pair as one number, so that the pairs shared by two or more candidate
# services are found by one GROUP BY and looked up with one non-correlated IN (both databases materialise it once).
# Ids stay far below 2**32.
PAIR = 2**32


def _consumer_pairs(today):
    """Consumer rows of candidate services, each with the key of (a process the service supports, the organisation)."""
    # The leaf filter comes before the annotation so that both use the same join to the process links.
    # Leaves by a LEFT JOIN to their sub-processes, not `IN (the leaves)`: with the list SQLite looked every service
    # up once per leaf.
    return Consumer.objects.filter(service_id__in=overlap_candidates(today).values("pk"),
                                   service__processes__children__isnull=True).annotate(
        pair=F("service__processes") * Value(PAIR) + F("organisation_id")).filter(pair__isnull=False)  # linked


def _overlapping(services, today):
    """Services sharing a (leaf process, consuming organisation) pair with another candidate service. Set-based:
    the pairs held by two or more services (one grouped query over consumers × links), then the services holding
    them. A correlated walk pair by pair took ten seconds at 100,000 services; this takes a fraction of one."""
    shared = (_consumer_pairs(today).values("pair").annotate(holders=Count("service_id", distinct=True))
              .filter(holders__gte=2).values("pair"))
    return services.filter(pk__in=_consumer_pairs(today).filter(pair__in=shared).values("service_id"))


def overlaps(service_ids, today):
    """[(service id, process, other service)] for the given services: what each finding of R18 is about. A
    handful of rows for a page or a panel (the services' links to leaf processes, their partners)."""
    links = overlapping_links(today).filter(service_id__in=service_ids).values_list("service_id", "process_id")
    found = []
    for service_id, process_id in links:
        mine = Consumer.objects.filter(service_id=service_id).values("organisation_id")
        partners = overlap_candidates(today).filter(processes=process_id).exclude(pk=service_id).filter(
            consumers__organisation_id__in=mine).distinct().order_by("name")
        process = Process.objects.get(pk=process_id)
        found.extend((service_id, process, partner) for partner in partners)
    return found


def _mapping_incomplete(services, today):
    """Services without a needs mapping, or whose mapping left out an active service supporting one of its
    processes, or named a candidate without a reason."""
    # Driven from the checked service's mapped processes (a few rows, by its mapping), each looked up in the process
    # links by process: is there an active service on it, other than the checked one, that no candidate names?
    # OuterRef(OuterRef("pk")) is the checked service, seen from inside the link subquery.
    considered = MappedService.objects.filter(mapping__service_id=OuterRef(OuterRef(OuterRef("pk"))),
                                              candidate_id=OuterRef("service_id"))
    unconsidered = Link.objects.filter(process_id=OuterRef("process_id"),
                                       service_id__in=Service.objects.filter(ACTIVE).values("pk")).exclude(
        service_id=OuterRef(OuterRef("pk"))).exclude(Exists(considered))
    left_out = NeedsMapping.processes.through.objects.filter(needsmapping__service_id=OuterRef("pk")).filter(
        Exists(unconsidered))
    no_reason = MappedService.objects.filter(mapping__service_id=OuterRef("pk"), reason__regex=r"^\s*$")
    return services.filter(
        ~Exists(NeedsMapping.objects.filter(service_id=OuterRef("pk"))) | Exists(left_out) | Exists(no_reason))


def missing_from_mapping(service):
    """The active services supporting a process of `service`'s mapping that the mapping left out (for its page)."""
    mapping = NeedsMapping.objects.filter(service=service).first()
    if mapping is None:
        return Service.objects.none()
    return (Service.objects.filter(ACTIVE, processes__in=mapping.processes.all()).exclude(pk=service.pk)
            .exclude(pk__in=mapping.candidates.values("candidate_id")).distinct().order_by("name"))


RULES = [
    Rule("R18-OVERLAPP",
         "Två aktiva tjänster stödjer inte samma process för samma användande organisationer, om inte den ena har "
         "ett giltigt undantag eller är beslutad att avvecklas.",
         "002 §9.1.6", WARNING,
         lambda today: Service.objects.filter(ACTIVE),
         lambda services, today: _overlapping(services, today),
         reason="En annan aktiv tjänst stödjer samma process för samma användande organisationer.",
         fix="architecture#processes"),
    Rule("R19-BEHOVSANALYS",
         "En tjänst som lämnat planeringen har en behovsanalys mot befintliga tjänster: varje aktiv tjänst som "
         "stödjer samma process är prövad, med skäl till varför den inte möter behovet.",
         "002 §9.1.7", BLOCKING,
         lambda today: Service.objects.filter(phase__in=BEING_BUILT),
         _mapping_incomplete,
         reason="Behovsanalysen saknas eller prövar inte varje aktiv tjänst som stödjer samma process.",
         fix="architecture#needs-mapping"),
]
