"""Reads of the process map and the needs search, shared by pages, the panel and the API.

The map is the region's own: hundreds of processes, perhaps a few thousand, never a register-sized table; it is
read whole (one query) and put in tree order in Python. What grows with the register — the links to services —
is counted and sampled in the database, a page at a time."""

import re

from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber

from core import access
from services.models import Consumer, Service
from services.queries import services_with_owner

from .models import Process

Link = Process.services.through
EXISTING = ~Q(phase__in=[Service.Phase.PLANNED, Service.Phase.DECOMMISSIONED, Service.Phase.ARCHIVED])
SAMPLE = 5


def code_key(code):
    """2.10 after 2.9: the numbers in a code compare as numbers."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", code) if part]


def tree():
    """Every process as a dict in tree order (each after its parent, siblings by code) with its depth, whether it
    is a leaf, and its number of supporting services."""
    rows = list(Process.objects.values("id", "code", "name", "kind", "parent_id"))
    counts = dict(Link.objects.order_by().values("process_id").annotate(n=Count("id")).values_list("process_id", "n"))
    children = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    ordered, seen = [], set()

    def walk(parent_id, depth):
        for row in sorted(children.get(parent_id, []), key=lambda r: code_key(r["code"])):
            if row["id"] in seen:  # the model refuses loops; a slip in old data must not hang the page
                continue
            seen.add(row["id"])
            row.update(depth=depth, leaf=row["id"] not in children, services=counts.get(row["id"], 0),
                       indent=depth * 1.5)
            ordered.append(row)
            walk(row["id"], depth + 1)

    walk(None, 0)
    return ordered


def descendants_and_self(process_ids):
    """Ids of the given processes and every process below them (the map read once)."""
    below = {}
    for pk, parent in Process.objects.values_list("id", "parent_id"):
        below.setdefault(parent, []).append(pk)
    found, stack = set(), list(process_ids)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(below.get(pk, []))
    return found


def sample_services(process_ids, size=SAMPLE):
    """{process id: [(service id, name)]}, the first `size` supporting services of each by name: one query with
    a window, however many services a process has."""
    rows = (Link.objects.filter(process_id__in=process_ids)
            .annotate(rank=Window(RowNumber(), partition_by=F("process_id"), order_by=F("service__name").asc()))
            .filter(rank__lte=size).values_list("process_id", "service_id", "service__name"))
    found = {}
    for process_id, service_id, name in rows:
        found.setdefault(process_id, []).append((service_id, name))
    for names in found.values():
        names.sort(key=lambda item: item[1])
    return found


def with_classification(services):
    return services.annotate(classification_k=F("classification__confidentiality"),
                             classification_r=F("classification__integrity"),
                             classification_t=F("classification__availability"))


def needs_search(user, text="", process_ids=()):
    """Existing services that may already cover a need: those supporting one of the processes (or a process below
    them), and those whose name or description, or a supporting process's name, holds a word of `text`. Each with
    its owner and classification; consumers are prefetched for the page shown. A service whose details are
    shielded from the user is found by its name and processes only, never by its description."""
    words = [w for w in re.split(r"\W+", text.replace("\x00", "")) if len(w) >= 3][:8]
    if not words and not process_ids:
        return Service.objects.none()
    wanted = Q(pk__in=[])
    if process_ids:
        wanted |= Q(pk__in=Link.objects.filter(process_id__in=descendants_and_self(process_ids)).values("service_id"))
    hidden = access.shielded_services(user)
    for word in words:
        described = Q(description__icontains=word)
        if hidden is not None:
            described &= ~Q(pk__in=hidden)
        wanted |= (Q(name__icontains=word) | Q(short_name__icontains=word) | described
                   | Q(pk__in=Link.objects.filter(process__name__icontains=word).values("service_id")))
    consumers = Consumer.objects.select_related("organisation").order_by("-volume", "organisation__name")
    return (with_classification(services_with_owner()).filter(EXISTING).filter(wanted)
            .prefetch_related(Prefetch("consumers", queryset=consumers)).order_by("name", "pk"))


def process_options(text, leaves_only=False, limit=20):
    """Processes whose code or name holds `text`: suggestions while typing (search-as-you-type)."""
    text = (text or "").replace("\x00", "").strip()[:100]
    if not text:
        return []
    found = Process.objects.filter(Q(code__istartswith=text) | Q(name__icontains=text))
    if leaves_only:
        found = found.filter(children__isnull=True)
    return sorted(found[:limit * 3], key=lambda p: code_key(p.code))[:limit]
