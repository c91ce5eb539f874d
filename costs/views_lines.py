"""Cost lines in the web interface (issue 13): the region's lines, filtered with the one CostLineFilter, paged
and exported; create, edit (over the version shown) and delete (after asking). Everyone signed in reads;
administrators (the governance office and finance) write — costs.actions decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core import access, deletion, history
from core import exports as export_writer
from core.forms import add_action_errors
from core.views import paged

from . import actions
from .filters import CostLineFilter
from .forms import CostLineForm
from .models import CostLine

PAGE_SIZE = 50
EXPORT_COLUMNS = ["id", "service_id", "service_external_id", "service", "year", "figure", "cost_type",
                  "amount_sek", "note"]


def filtered_lines(request):
    rows = CostLine.objects.select_related("service").order_by("service__name", "year", "cost_type", "figure")
    filterset = CostLineFilter(request.GET, queryset=rows)
    return filterset, (filterset.qs if filterset.is_valid() else CostLine.objects.none())


@login_required
def line_list(request):
    filterset, rows = filtered_lines(request)
    return render(request, "costs/lines.html", {
        "filter": filterset, "may_change": access.may_change_costs(request.user), **paged(request, rows, PAGE_SIZE)},
        status=400 if filterset.errors else 200)


def _export_rows(rows):
    for line in rows.iterator(chunk_size=2000):
        yield [line.pk, line.service_id, line.service.external_id, line.service.name, line.year, line.figure,
               line.cost_type, f"{line.amount_ore // 100}.{line.amount_ore % 100:02d}", line.note]


@login_required
def line_export(request, fmt):
    filterset, rows = filtered_lines(request)
    if not filterset.is_valid():
        return HttpResponse(filterset.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    return export_writer.response(fmt, "kostnadsrader", EXPORT_COLUMNS, _export_rows(rows),
                                  sheet_title="Kostnadsrader", decimal_comma=request.GET.get("decimal_comma") == "1")


def _save(request, form, success):
    try:
        actions.save_cost_line(user=request.user, line=form.instance)
    except ValidationError as error:
        add_action_errors(form, error)
        return None
    messages.success(request, success)
    return redirect("costs:lines")


@login_required
def line_create(request):
    actions.refuse_unless_finance(request.user)
    initial = {"year": request.GET.get("year"), "service": request.GET.get("service")}
    form = CostLineForm(request.POST or None, initial={k: v for k, v in initial.items() if v})
    if request.method == "POST" and form.is_valid():
        answer = _save(request, form, _("The cost line was saved."))
        if answer:
            return answer
    return render(request, "costs/line_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def line_edit(request, pk):
    line = get_object_or_404(CostLine.objects.select_related("service"), pk=pk)
    actions.refuse_unless_finance(request.user)
    form = CostLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        answer = _save(request, form, _("The cost line was saved."))
        if answer:
            return answer
    line = CostLine.objects.select_related("service").get(pk=pk)  # as stored, whatever a refused form set
    return render(request, "costs/line_form.html", {"form": form, "line": line,
                                                    "history": newest_first(CostLine.history.filter(id=pk))},
                  status=400 if form.errors else 200)


@login_required
def line_delete(request, pk):
    line = get_object_or_404(CostLine.objects.select_related("service"), pk=pk)
    actions.refuse_unless_finance(request.user)
    if request.method != "POST":
        return deletion.confirm(request, line, cancel_url=line_url(line))
    actions.delete_record(user=request.user, record=line)
    messages.success(request, _("The cost line was deleted."))
    return redirect("costs:lines")


def newest_first(*history_querysets):
    """A record's history for its edit page, newest first (a cost line or a key has a handful of changes)."""
    return history.merged(*history_querysets)[:100]


def line_url(line):
    from django.urls import reverse

    return reverse("costs:line-edit", args=[line.pk])
