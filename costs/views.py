import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import exports as core_exports
from core.access import may_change_costs
from core.views import paged
from organisations.models import Organisation

from . import actions, exports, queries, queries_bill
from .models import AllocationLine, AllocationRun, CostLine, Figure

BILL_PAGE_SIZE = 50
MAX_PAGE = 10**9  # a page's offset stays far inside a 64-bit integer


def service_panel(request, service):
    years = (CostLine.objects.filter(service=service).values("year", "figure").annotate(total=Sum("amount_ore"))
             .order_by("-year", "figure"))
    if not years:
        return ""
    run = queries.latest_run(years[0]["year"])
    return render_to_string("costs/_service_panel.html", {
        "years": years, "run": run,
        "distribution": queries.service_distribution(run, service) if run else [],
    }, request=request)


def organisation_panel(request, organisation):
    runs = (AllocationRun.objects.filter(Exists(AllocationLine.objects.filter(run=OuterRef("pk"),
                                                                             organisation=organisation)))
            .order_by("-year", "figure", "-created_at"))
    latest = {}
    for run in runs:
        latest.setdefault((run.year, run.figure), run)
    if not latest:
        return ""
    return render_to_string("costs/_organisation_panel.html", {
        "organisation": organisation, "runs": list(latest.values())[:6]}, request=request)


@login_required
def index(request):
    runs = AllocationRun.objects.all()[:30]
    return render(request, "costs/index.html", {"runs": runs, "may_run": may_change_costs(request.user),
                                                "this_year": datetime.date.today().year})


@login_required
@require_POST
def start_run(request):
    if not may_change_costs(request.user):
        raise PermissionDenied(_("Only finance and administrators run the allocation."))
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, _("Give the year as four digits."))
        return redirect("costs:index")
    figure = Figure.BUDGET if request.POST.get("figure") == Figure.BUDGET else Figure.OUTCOME
    run = actions.run_allocation(year=year, figure=figure, user=request.user)
    messages.success(request, _("The allocation for %(year)s was run.") % {"year": year})
    return redirect("costs:run", run.pk)


def _previous(run):
    """The run of the year before that its bill shows: the final one, else the latest."""
    return queries.bill_run(run.year - 1, run.figure)


@login_required
def run_detail(request, pk):
    run = get_object_or_404(AllocationRun, pk=pk)
    services = {p["service_id"] for p in run.problems}
    from services.models import Service

    names = Service.objects.in_bulk(services)
    orgs = Organisation.objects.in_bulk({p["organisation_id"] for p in run.problems if "organisation_id" in p})
    problems = [{**p, "service": names.get(p["service_id"]), "organisation": orgs.get(p.get("organisation_id"))}
                for p in run.problems]
    return render(request, "costs/run.html", {"run": run, "summary": queries.summary(run), "problems": problems,
                                              "unallocated": run.total_cost_ore - run.allocated_ore})


def _page_number(text):
    """The page asked for, read as the paginator reads it (int()), or None when the paginator must decide (not a
    number, below 1, or so large its offset would overflow the database's integer)."""
    try:
        number = int(text or 1)
    except ValueError:
        return None
    return number if 1 <= number <= MAX_PAGE else None


@login_required
def bill(request, pk, code):
    """One organisation's bill: a line per service with its change since the year before, paged; the cost types
    behind each amount fold open. A handful of statements whatever the organisation's size (queries_bill)."""
    run = get_object_or_404(AllocationRun, pk=pk)
    organisation = get_object_or_404(Organisation, code=code)
    previous = _previous(run)
    rows, totals = queries_bill.page(run, previous, organisation, _page_number(request.GET.get("page")),
                                     BILL_PAGE_SIZE)
    context = paged(request, rows, BILL_PAGE_SIZE)
    return render(request, "costs/bill.html", {
        **context, "run": run, "organisation": organisation, "previous": previous, "totals": totals,
        "final": run if run.is_final else queries.final_run(run.year, run.figure),
        "rows": queries_bill.explain(context["page"].object_list, run, previous, organisation),
    })


@login_required
def export(request, pk, fmt):
    run = get_object_or_404(AllocationRun, pk=pk)
    organisation = None
    if request.GET.get("organisation"):
        organisation = get_object_or_404(Organisation, code=request.GET["organisation"])
    lines = queries.bill_lines(run, organisation)
    name = f"fordelning-{run.year}{'-' + organisation.code if organisation else ''}"
    return core_exports.response(fmt, name, exports.HEADER, exports.rows(run, lines),
                                 sheet_title=f"Fördelning {run.year}",
                                 decimal_comma=request.GET.get("decimal_comma") == "1")
