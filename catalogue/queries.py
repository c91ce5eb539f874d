"""What the public catalogue shows: the one set behind its pages, its search and its open data.

A service is in it when the region publishes it (Service.public), it is not decommissioned or archived, and its
security details are not shielded from an anonymous visitor (core.access.shielded_services, security's rule: a
service classified at or above the policy's visibility level is never in it). See docs/decisions/0019."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, Q

from core import access
from organisations.models import Organisation
from security.models import Classification, Policy
from services.models import Ownership, Service
from services.queries import services_with_owner

# A service that has ended its life is no longer offered; planned and coming services are shown, with their phase.
ENDED_PHASES = (Service.Phase.DECOMMISSIONED, Service.Phase.ARCHIVED)
MAX_QUERY = 200  # a longer search text is cut: no name or description search needs more

# Of a service, only these reach the public: no costs, no security details, no people.
FIELDS = ("pk", "name", "short_name", "description", "audience", "phase", "accessibility_statement_url")


def published():
    """The services anyone may see, as a bare query of the service table (owners are read for a page only)."""
    services = Service.objects.filter(public=True).exclude(phase__in=ENDED_PHASES)
    hidden = access.shielded_services(AnonymousUser())
    return services if hidden is None else services.exclude(pk__in=hidden)


def search(text):
    """The published services whose name, short name or description holds `text`, in name order."""
    services = published()
    text = (text or "").strip()[:MAX_QUERY]
    if text:
        services = services.filter(Q(name__icontains=text) | Q(short_name__icontains=text)
                                   | Q(description__icontains=text))
    return services.order_by("name", "pk")


def with_owner(ids):
    """The public facts of the services `ids` with their owner today, in name order (one query), with the labels
    of their phase and audience."""
    rows = list(services_with_owner().filter(pk__in=ids).order_by("name", "pk").values(*FIELDS, "owner_name",
                                                                                          "owner_code"))
    for row in rows:
        row["phase_label"] = Service.Phase(row["phase"]).label
        row["audience_label"] = Service.Audience(row["audience"]).label if row["audience"] else ""
    return rows


def all_with_owner():
    """Every published service with its owner today, in name order, read in chunks (the open data)."""
    return (services_with_owner().filter(pk__in=published().values("pk")).order_by("name", "pk")
            .values(*FIELDS, "owner_name", "owner_code").iterator(chunk_size=2000))


def publisher_name(setting=""):
    """Who publishes the catalogue: the setting, or the register's region organisation."""
    if setting:
        return setting
    region = Organisation.objects.filter(kind=Organisation.Kind.REGION).order_by("pk").values_list(
        "name", flat=True).first()
    return region or "Styr"


def modified():
    """When what the catalogue shows last changed: the latest change to a service, an ownership, an organisation,
    a classification or the security policy (each history's date index, one small query each)."""
    dates = [model.history.model.objects.aggregate(latest=Max("history_date"))["latest"]
             for model in (Service, Ownership, Organisation, Classification, Policy)]
    dates = [d for d in dates if d is not None]
    return max(dates) if dates else datetime.datetime.now(datetime.UTC)
