"""What stops if X stops, and what X needs (issue 11 point 2; docs/decisions/0023).

The graph's edges read "if A stops, B stops":
  * a needed integration that is not decommissioned: producer → consumer;
  * such an integration over the service platform also: platform → consumer;
  * a dependency: depends_on → service;
  * a component → each of its services (a component is only ever a start: its services stop, then the
    walk goes on through services).
"What does X need" is the same graph walked backwards.

The walk is one recursive query in the database, breadth first, ONE ROW PER LEVEL: a row carries the
level's frontier and the services seen before it (a JSON array on SQLite, an array on PostgreSQL). The next
frontier is the frontier's successors EXCEPT those seen, so each service enters once, at its shortest
depth, and each edge is read once, when its source is in the frontier: the cost is bounded by the edges
reached, never by the paths (a recursive query over (id, depth) rows enumerates paths and explodes on
diamonds and never ends on cycles). The walk ends when a level finds nothing new.

Everything after the walk (sorting, paging, totals) works on its rows, which carry each reached service's
name, criticality and whether the user may see it in detail; owners and consuming boards are read for a page
of rows at a time, set-based."""

import json
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Sum
from django.db.models.expressions import RawSQL

from core import access
from lifecycle.models import Component
from services.models import Consumer, Service
from services.queries import services_with_owner

from .models import Dependency, Integration

STOPS, NEEDS = "stops", "needs"
DIRECTIONS = (STOPS, NEEDS)

CRITICALITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}
SORTS = ("depth", "-depth", "criticality", "-criticality", "name", "-name")


def _tables():
    return {
        "integration": Integration._meta.db_table,
        "dependency": Dependency._meta.db_table,
        "service": Service._meta.db_table,
        "component_services": Component.services.through._meta.db_table,
    }


def _steps(direction, join="JOIN"):
    """SELECTs of the next services from the frontier `f` (a table of one column `id`), one per kind of edge;
    each reads an index on its source column. SQLite is told `CROSS JOIN`, which keeps the frontier the outer
    loop: with the tables' statistics its planner otherwise scans the edges and, for each, the frontier — a
    JSON array with no index, quadratic on the platform's 85,000 services."""
    t = _tables()
    live = "i.needed AND i.phase <> 'decommissioned'"
    if direction == STOPS:
        return [
            f"SELECT i.consumer_id AS n FROM {{frontier}} {join} {t['integration']} i ON i.producer_id = f.id WHERE {live}",
            f"SELECT i.consumer_id AS n FROM {{frontier}} {join} {t['integration']} i ON i.platform_id = f.id WHERE {live}",
            f"SELECT d.service_id AS n FROM {{frontier}} {join} {t['dependency']} d ON d.depends_on_id = f.id",
        ]
    return [
        f"SELECT i.producer_id AS n FROM {{frontier}} {join} {t['integration']} i ON i.consumer_id = f.id WHERE {live}",
        f"SELECT i.platform_id AS n FROM {{frontier}} {join} {t['integration']} i ON i.consumer_id = f.id "
        f"WHERE {live} AND i.platform_id IS NOT NULL",
        f"SELECT d.depends_on_id AS n FROM {{frontier}} {join} {t['dependency']} d ON d.service_id = f.id",
    ]


def walk_sql(direction, *, component=False, max_depth=None):
    """The recursive query: (depth, id) of every service reached from the start (a service id, or a component
    id whose services are depth 1), the start itself excluded. One parameter, the start's id."""
    if direction not in DIRECTIONS:
        raise ValueError(direction)
    through = _tables()["component_services"]
    limit = f" AND l.depth < {int(max_depth)}" if max_depth is not None else ""
    if connection.vendor == "postgresql":
        frontier = "unnest(l.frontier) f(id)"
        nxt = " UNION ".join(step.format(frontier=frontier) for step in _steps(direction))
        start = (f"SELECT 1, ARRAY(SELECT service_id FROM {through} WHERE component_id = %s), ARRAY[]::bigint[]"
                 if component else "SELECT 0, ARRAY[%s]::bigint[], ARRAY[]::bigint[]")
        return f"""WITH RECURSIVE levels(depth, frontier, seen) AS (
            {start}
            UNION ALL
            SELECT l.depth + 1,
                   ARRAY({nxt} EXCEPT SELECT unnest(l.seen) EXCEPT SELECT unnest(l.frontier)),
                   l.seen || l.frontier
            FROM levels l WHERE cardinality(l.frontier) > 0{limit}
        )
        SELECT l.depth, f.id FROM levels l, unnest(l.frontier) f(id) WHERE l.depth > 0"""
    frontier = "(SELECT value AS id FROM json_each(l.frontier)) f"
    nxt = " UNION ".join(step.format(frontier=frontier) for step in _steps(direction, "CROSS JOIN"))
    start = (f"SELECT 1, (SELECT json_group_array(service_id) FROM {through} WHERE component_id = %s), json_array()"
             if component else "SELECT 0, json_array(%s), json_array()")
    return f"""WITH RECURSIVE levels(depth, frontier, seen) AS (
        {start}
        UNION ALL
        SELECT l.depth + 1,
               (SELECT json_group_array(n) FROM ({nxt} EXCEPT SELECT value FROM json_each(l.seen)
                                                EXCEPT SELECT value FROM json_each(l.frontier))),
               (SELECT json_group_array(value) FROM (SELECT value FROM json_each(l.seen)
                                                     UNION ALL SELECT value FROM json_each(l.frontier)))
        FROM levels l WHERE json_array_length(l.frontier) > 0{limit}
    )
    SELECT l.depth AS depth, f.value AS id FROM levels l, json_each(l.frontier) f WHERE l.depth > 0"""


def ids_in(ids):
    """A subquery of the given ids as ONE parameter (a JSON array on SQLite, an array on PostgreSQL), for
    `pk__in=` with a hundred thousand ids — far past the limit of query parameters."""
    ids = [int(i) for i in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


@dataclass
class Row:
    id: int
    depth: int
    name: str
    criticality: str
    hidden: bool

    @property
    def criticality_rank(self):
        return CRITICALITY_RANK.get(self.criticality, 0)


@dataclass
class Impact:
    """The outcome of a walk: every service reached (`rows`, shortest depth each), in the direction asked."""

    direction: str
    rows: list
    cycle: list = field(default_factory=list)  # the visible services in a cycle with the start
    cycle_hidden: int = 0

    @property
    def total(self):
        return len(self.rows)

    @property
    def visible(self):
        return [row for row in self.rows if not row.hidden]

    @property
    def hidden_count(self):
        return sum(1 for row in self.rows if row.hidden)

    def per_depth(self):
        return sorted(Counter(row.depth for row in self.rows).items())

    def per_criticality(self):
        counted = Counter(row.criticality for row in self.rows)
        return [(value, label, counted[value]) for value, label in reversed(Service.Criticality.choices)
                if counted[value]]

    def ids(self):
        return [row.id for row in self.rows]


def _walk(start_id, direction, user, *, component=False, max_depth=None):
    """[(depth, id, name, criticality, hidden)] in one query: the walk joined to the services reached."""
    sql = walk_sql(direction, component=component, max_depth=max_depth)
    # user None: the command line, run by whoever runs the server, sees everything (as the database does).
    hidden = access.shielded_services(user) if user is not None else None
    if hidden is None:
        hidden_sql, params = "0", []
    else:  # its parameters come first: the column stands before the walk in the query's text
        inner, inner_params = hidden.query.sql_with_params()
        hidden_sql, params = f"CASE WHEN s.id IN ({inner}) THEN 1 ELSE 0 END", list(inner_params)
    params.append(start_id)
    table = _tables()["service"]
    query = (f"SELECT w.depth, s.id, s.name, s.criticality, {hidden_sql} FROM ({sql}) w "
             f"JOIN {table} s ON s.id = w.id")
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return [Row(id=pk, depth=depth, name=name, criticality=criticality, hidden=bool(hid))
                for depth, pk, name, criticality, hid in cursor.fetchall()]


def stops_if(start, user, *, max_depth=None, cycles=True):
    """Every service that stops when `start` (a Service or a lifecycle Component) stops, with its shortest
    depth. For a service, `cycle` lists the services both reached from it and reaching it."""
    component = isinstance(start, Component)
    rows = _walk(start.pk, STOPS, user, component=component, max_depth=max_depth)
    impact = Impact(STOPS, rows)
    if cycles and not component and rows:
        _add_cycle(impact, start, NEEDS, user)
    return impact


def needs(service, user, *, max_depth=None, cycles=True):
    """Every service `service` needs to run, directly or through others, with its shortest depth."""
    rows = _walk(service.pk, NEEDS, user, max_depth=max_depth)
    impact = Impact(NEEDS, rows)
    if cycles and rows:
        _add_cycle(impact, service, STOPS, user)
    return impact


def _add_cycle(impact, service, other_direction, user):
    """The cycle through the start: services it reaches that also reach it (the walk the other way)."""
    back = {row.id for row in _walk(service.pk, other_direction, user)}
    members = [row for row in impact.rows if row.id in back]
    impact.cycle = sorted((row for row in members if not row.hidden), key=lambda row: row.name)
    impact.cycle_hidden = sum(1 for row in members if row.hidden)


def sorted_rows(rows, sort="depth"):
    """Rows ordered by depth (then criticality, name), criticality (highest first) or name; '-' reverses."""
    sort = sort if sort in SORTS else "depth"
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "depth":
        ordered = sorted(rows, key=lambda r: (r.depth, -r.criticality_rank, r.name.lower(), r.id))
    elif key == "criticality":
        ordered = sorted(rows, key=lambda r: (-r.criticality_rank, r.depth, r.name.lower(), r.id))
    else:
        ordered = sorted(rows, key=lambda r: (r.name.lower(), r.id))
    return list(reversed(ordered)) if descending else ordered


def filtered(rows, *, depth=None, criticality=None, q=None):
    if depth:
        rows = [r for r in rows if r.depth == depth]
    if criticality:
        rows = [r for r in rows if r.criticality == criticality]
    if q:
        q = q.lower()
        rows = [r for r in rows if q in r.name.lower()]
    return rows


def details(rows):
    """For a page of rows: {id: {"owner": name or None, "owner_id", "external_id", "boards": [(organisation,
    volume, unit label, unit)]}} — two queries, whatever the page's size."""
    ids = [row.id for row in rows]
    found = {pk: {"owner": None, "owner_id": None, "external_id": "", "boards": []} for pk in ids}
    if not ids:
        return found
    for pk, owner_id, owner_name, external_id in (services_with_owner().filter(pk__in=ids_in(ids))
                                                  .values_list("pk", "owner_id", "owner_name", "external_id")):
        found[pk].update(owner=owner_name, owner_id=owner_id, external_id=external_id or "")
    units = dict(Consumer.Unit.choices)
    for service_id, organisation, volume, unit in (Consumer.objects.filter(service_id__in=ids_in(ids))
                                                   .order_by("service_id", "organisation__name")
                                                   .values_list("service_id", "organisation__name", "volume",
                                                                "unit")):
        found[service_id]["boards"].append((organisation, volume, str(units.get(unit, unit)), unit))
    return found


def boards(rows):
    """The boards consuming the services reached: each with how many of them it uses and its summed usage per
    unit, most services first. One query."""
    if not rows:
        return []
    units = dict(Consumer.Unit.choices)
    found = (Consumer.objects.filter(service_id__in=ids_in([row.id for row in rows]))
             .values("organisation_id", "organisation__name", "unit")
             .annotate(services=Count("id"), volume=Sum("volume"))
             .order_by("-services", "organisation__name", "unit"))
    return [{"organisation_id": b["organisation_id"], "organisation": b["organisation__name"],
             "unit": b["unit"], "unit_label": str(units.get(b["unit"], b["unit"])), "services": b["services"],
             "volume": b["volume"]} for b in found]


def components_of(service, rows):
    """The lifecycle components the service and the services it needs run on (for "what X needs")."""
    return (Component.objects.filter(services__in=ids_in([service.pk, *(row.id for row in rows)]))
            .distinct().order_by("name", "version"))


def edges_among(ids):
    """The graph's edges (source, target) between the given services: "if source stops, target stops"."""
    ids = list(ids)
    live = Integration.objects.filter(needed=True).exclude(phase=Integration.Phase.DECOMMISSIONED)
    found = set(live.filter(producer__in=ids, consumer__in=ids).values_list("producer_id", "consumer_id"))
    found |= set(live.filter(platform__in=ids, consumer__in=ids).values_list("platform_id", "consumer_id"))
    found |= set(Dependency.objects.filter(depends_on__in=ids, service__in=ids)
                 .values_list("depends_on_id", "service_id"))
    return found
