"""One organisation's bill at any size: a line per service, compared with the year before, in the database.

An organisation of a region with 100,000 services can be billed for 16,000 of them. The bill reads them as one
grouped statement over both runs (the (run, organisation) index picks the organisation's lines), pages it, and
only for the page's services reads what explains a change (the services' totals in both runs) and the lines
behind each amount (its cost types). Nothing is read per service.
"""

from decimal import Decimal

from django.db.models import BigIntegerField, Case, Count, F, Func, Max, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from .models import AllocationLine, FundingModel

NO_RUN = -1  # a run id no line has: "the year before" when there is no run to compare with


def _runs(run, previous):
    return run.pk, previous.pk if previous else NO_RUN


class Counted:
    """A queryset the page slices, with its length already known (the bill's totals count the services), so
    paging does not group the organisation's lines a second time only to count them. `fetched`: the rows of
    one slice already read ({start: rows}), handed back instead of reading them again."""

    def __init__(self, queryset, count, fetched=None):
        self.queryset, self._count, self._fetched = queryset, count, fetched or {}

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice) and index.start in self._fetched:
            return self._fetched[index.start]
        return self.queryset[index]


class OverAll(Func):
    """An aggregate over every grouped row of the result, before LIMIT: `SUM(x) OVER ()`. Django's Window refuses
    an aggregate of an aggregate annotation; this one reads the annotation and is never grouped by."""

    template = "%(function)s(%(expressions)s) OVER ()"
    contains_over_clause = True
    output_field = BigIntegerField()

    def get_group_by_cols(self):
        return []


def per_service(run, previous, organisation):
    """One row a service billed to the organisation in either run, largest amount first: service_id, after,
    before (öre), method_after, method_before, lines (this run's). Grouped by the service id alone, read from
    the covering (run, organisation, service, amount, method) index; names are read for the page only (an
    order by name would join every one of the organisation's services first). A queryset: the page pages it."""
    now, before = _runs(run, previous)
    this, last = Q(run_id=now), Q(run_id=before)
    return (AllocationLine.objects.filter(run_id__in=[now, before], organisation=organisation)
            .values("service_id")
            .annotate(after=Coalesce(Sum("amount_ore", filter=this), 0),
                      before=Coalesce(Sum("amount_ore", filter=last), 0),
                      method_after=Max("method", filter=this), method_before=Max("method", filter=last),
                      lines=Count("service_id", filter=this))
            .order_by("-after", "-before", "service_id"))


def page_and_totals(run, previous, organisation, number, size):
    """Page `number` (from 1) of the bill and the whole bill's totals, in one statement: the totals are window
    sums over the grouped rows, so the organisation's lines are read once, not once to total and count them and
    again for the page. (rows, totals as totals() gives them), or ([], None) when the page is past the last
    one or nothing is billed (the caller then counts apart)."""
    start = (number - 1) * size
    rows = list(per_service(run, previous, organisation).annotate(
        total_after=OverAll(F("after"), function="SUM"), total_before=OverAll(F("before"), function="SUM"),
        total_listed=OverAll(Value(1), function="COUNT"),
        total_services=OverAll(Case(When(lines__gt=0, then=Value(1))), function="COUNT"))[start:start + size])
    if not rows:
        return [], None
    first = rows[0]
    after, before = int(first["total_after"]), int(first["total_before"])
    return rows, {"after": after, "before": before, "change": after - before,
                  "services": first["total_services"], "listed": first["total_listed"]}


def page(run, previous, organisation, number, size):
    """(rows for the paginator, the whole bill's totals). Page `number` (from 1) is read with the totals in one
    statement (page_and_totals); with no number (not a plain one, or out of range), past the last page or on an
    empty bill, the totals are read apart and the paginator picks and reads the page itself."""
    fetched, result = page_and_totals(run, previous, organisation, number, size) if number else ([], None)
    if result is None:
        result = totals(run, previous, organisation)
        return Counted(per_service(run, previous, organisation), result["listed"]), result
    return Counted(per_service(run, previous, organisation), result["listed"],
                   fetched={(number - 1) * size: fetched}), result


def totals(run, previous, organisation):
    """{"after", "before", "change" (öre), "services" (billed this run), "listed" (billed in either run: the bill's
    rows)} for the whole bill, in one statement."""
    now, before = _runs(run, previous)
    this, last = Q(run_id=now), Q(run_id=before)
    result = AllocationLine.objects.filter(run_id__in=[now, before], organisation=organisation).aggregate(
        after=Coalesce(Sum("amount_ore", filter=this), 0), before=Coalesce(Sum("amount_ore", filter=last), 0),
        services=Count("service_id", filter=this, distinct=True), listed=Count("service_id", distinct=True))
    return {**result, "change": result["after"] - result["before"]}


def _service_totals(run, previous, service_ids):
    """{(run id, service id): the service's whole cost allocated in that run}, for a page's services."""
    now, before = _runs(run, previous)
    return {(r, s): amount for r, s, amount in
            AllocationLine.objects.filter(run_id__in=[now, before], service_id__in=service_ids)
            .values_list("run_id", "service_id").annotate(amount=Sum("amount_ore")).order_by()}


def _lines(run, organisation, service_ids):
    by_service = {}
    for line in (AllocationLine.objects.filter(run=run, organisation=organisation, service_id__in=service_ids)
                 .order_by("service_id", "cost_type")):
        by_service.setdefault(line.service_id, []).append(line)
    return by_service


def reason(before, after, cost_effect, volume_effect, method_before, method_after):
    if not before:
        return "new"
    if not after:
        return "ended"
    if method_before != method_after:
        return "model"
    return "cost" if abs(cost_effect) >= abs(volume_effect) else "volume"


def explain(rows, run, previous, organisation, with_lines=True):
    """The page's rows with what explains them: share of the service's cost, and the change since the year before
    split exactly into a cost effect (the service cost more or less, at last year's share) and a volume effect
    (the organisation's share moved, at this year's cost): after − before = (C1 − C0)·s0 + C1·(s1 − s0). A changed
    funding model is named as the cause. Three statements for the page whatever its size."""
    from services.models import Service

    rows = list(rows)
    ids = [r["service_id"] for r in rows]
    whole = _service_totals(run, previous, ids)
    services = Service.objects.only("pk", "name").in_bulk(ids)
    lines = _lines(run, organisation, ids) if with_lines else {}
    now, last = _runs(run, previous)
    methods = dict(FundingModel.Method.choices)
    result = []
    for row in rows:
        service_id, a1, a0 = row["service_id"], row["after"], row["before"]
        c1, c0 = whole.get((now, service_id), 0), whole.get((last, service_id), 0)
        s0 = Decimal(a0) / c0 if c0 else Decimal(0)
        cost_effect = round((c1 - c0) * s0) if a0 and a1 else 0
        volume_effect = (a1 - a0) - cost_effect
        method = row["method_after"] or row["method_before"]
        result.append({
            "service": services.get(service_id), "service_id": service_id,
            "name": services[service_id].name if service_id in services else f"#{service_id}",
            "before": a0, "after": a1, "change": a1 - a0, "share": Decimal(a1) / c1 if c1 else None,
            "cost_effect": cost_effect, "volume_effect": volume_effect,
            "reason": reason(a0, a1, cost_effect, volume_effect, row["method_before"], row["method_after"]),
            "method": methods.get(method, ""), "lines": lines.get(service_id, []),
        })
    return result
