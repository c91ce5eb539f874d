"""Pages of the region's ranking (issue 12 point 3): the ranked list with the capacity line, its views per focus
area and per board, its export, the council's placements and the ranking decided on a date."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core import access, exports
from core.forms import add_action_errors
from core.views import paged

from . import actions_ranking as actions
from . import queries_ranking as queries
from .forms_ranking import DecideRankingForm, PlacementForm
from .models import Initiative, PortfolioYear, RankingDecision, RankingOverride

PAGE_SIZE = 50


def _council_only(user, portfolio_year):
    if not access.may_decide(user, portfolio_year):
        raise PermissionDenied(_("Only the secretariat of %(council)s, the council of %(year)s, places initiatives "
                                 "and records the ranking.") % {"council": portfolio_year.council,
                                                                "year": portfolio_year.year})


@login_required
def ranking_latest(request):
    latest = queries.latest_year()
    if latest is None:
        return render(request, "portfolio/ranking.html", {"portfolio_year": None})
    return ranking(request, latest.year)


@login_required
def ranking(request, year):
    portfolio_year = get_object_or_404(PortfolioYear.objects.select_related("council"), year=year)
    filterset, result, rows = queries.filtered(portfolio_year, request.GET)
    context = paged(request, rows, PAGE_SIZE)
    queries.with_focus_areas(context["page"].object_list)
    may_decide = access.may_decide(request.user, portfolio_year)
    return render(request, "portfolio/ranking.html", {
        **context, "portfolio_year": portfolio_year, "ranking": result, "filter": filterset, "shown": len(rows),
        "years": PortfolioYear.objects.order_by("-year").values_list("year", flat=True),
        "decided": RankingDecision.objects.filter(portfolio_year=portfolio_year).select_related("decision"),
        "may_decide": may_decide,
        "decide_form": DecideRankingForm(council=portfolio_year.council,
                                         initial={"row_version": portfolio_year.row_version}) if may_decide else None,
    })


@login_required
def ranking_export(request, year, fmt):
    portfolio_year = get_object_or_404(PortfolioYear, year=year)
    _filterset, _result, rows = queries.filtered(portfolio_year, request.GET)
    data = queries.export_rows(rows)
    if fmt == "csv":
        text = io.StringIO()
        exports.write_csv(text, queries.EXPORT_HEADER, data, decimal_comma=True)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        stream = io.BytesIO()
        exports.write_xlsx(stream, _("Ranking %(year)s") % {"year": year}, queries.EXPORT_HEADER, data)
        response = HttpResponse(stream.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="prioritering-{year}.{fmt}"'
    return response


@login_required
def placement(request, year, initiative_pk):
    portfolio_year = get_object_or_404(PortfolioYear.objects.select_related("council"), year=year)
    initiative = get_object_or_404(Initiative, pk=initiative_pk)
    _council_only(request.user, portfolio_year)
    standing = RankingOverride.objects.filter(portfolio_year=portfolio_year, initiative=initiative).first()
    initial = {"row_version": portfolio_year.row_version}
    if standing:
        initial.update(placement=standing.placement, reason=standing.reason)
    form = PlacementForm(request.POST or None, initial=initial)
    if request.method == "POST" and "remove" in request.POST and standing:
        try:
            actions.remove_placement(override=standing, row_version=_version(request.POST.get("row_version")))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The placement of %(code)s was taken back.") % {"code": initiative.code})
        return redirect("portfolio:ranking-year", year)
    if request.method == "POST" and form.is_valid():
        try:
            actions.place(portfolio_year=portfolio_year, initiative=initiative, user=request.user,
                          placement=form.cleaned_data["placement"], reason=form.cleaned_data["reason"],
                          row_version=form.cleaned_data["row_version"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("%(code)s was placed %(placement)s.") % {
                "code": initiative.code,
                "placement": RankingOverride.Placement(form.cleaned_data["placement"]).label.lower()})
            return redirect("portfolio:ranking-year", year)
    return render(request, "portfolio/ranking_placement.html", {
        "form": form, "portfolio_year": portfolio_year, "initiative": initiative, "standing": standing})


@login_required
def decide(request, year):
    portfolio_year = get_object_or_404(PortfolioYear.objects.select_related("council"), year=year)
    _council_only(request.user, portfolio_year)
    if request.method != "POST":
        return redirect("portfolio:ranking-year", year)
    form = DecideRankingForm(request.POST, council=portfolio_year.council)
    if form.is_valid():
        try:
            recorded = actions.decide_ranking(
                portfolio_year=portfolio_year, decided_on=form.cleaned_data["decided_on"],
                decision=form.cleaned_data["decision"], user=request.user,
                row_version=form.cleaned_data["row_version"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The ranking of %(year)s as decided on %(date)s was recorded.") % {
                "year": year, "date": recorded.decided_on})
            return redirect("portfolio:ranking-decided", year, recorded.pk)
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect("portfolio:ranking-year", year)


@login_required
def decided(request, year, pk):
    recorded = get_object_or_404(RankingDecision.objects.select_related("portfolio_year", "decision"), pk=pk)
    if recorded.portfolio_year.year != year:
        raise Http404
    entries = queries.decided_entries(recorded)
    context = paged(request, entries, PAGE_SIZE)
    for entry in context["page"].object_list:
        entry.link = queries.initiative_link(entry.initiative_id)
    above = [e for e in entries.filter(above_line=True).values_list("cost", flat=True)]
    return render(request, "portfolio/ranking_decided.html", {
        **context, "recorded": recorded, "total": entries.count(), "above_count": len(above),
        "above_cost": sum(above)})


def _version(raw):
    """The row version a form sent; one that is not a number (tampered) counts as none read, -1, so it is stale."""
    if not raw:
        return None
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else -1
