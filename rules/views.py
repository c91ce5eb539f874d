from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access, exports, registry
from core.views import paged
from organisations.models import Domain, Organisation
from services.models import Service

from . import charts as rule_charts
from . import freshness, queries, queries_stored
from .filters import FindingFilter

PAGE_SIZE = 100


def may_refresh(user):
    """Who may ask for the findings to be refreshed now: administrators and the secretariats (the governance
    office). Everyone else sees them refresh after edits on their own."""
    return access.may_record_decisions(user)


def _as_of(request, evaluation):
    return {"evaluation": evaluation, "refreshing": freshness.refreshing(),
            "may_refresh": may_refresh(request.user), "next": request.get_full_path()}


def service_panel(request, service):
    """One service's findings, run live (a few cheap queries for one service), with each reason and fix."""
    found = queries.findings(services=[service.pk], user=request.user)
    for finding in found:
        rule = registry.RULES[finding["rule"]]
        finding["reason"] = rule.reason_text
        section, _hash, anchor = rule.fix.partition("#")
        finding["fix"] = service.section_url(section, anchor) if anchor else ""
    return render_to_string("rules/_service_panel.html", {"findings": found}, request=request)


def dashboard_panel(request):
    """The overview reads the stored evaluation: a region of 100,000 services would otherwise run every rule
    on each visit."""
    evaluation = freshness.current()
    counted = queries_stored.counts(evaluation)
    return render_to_string("rules/_dashboard_panel.html", {
        "blocking": sum(f for r, _a, f in counted if r.severity == registry.BLOCKING),
        "warnings": sum(f for r, _a, f in counted if r.severity == registry.WARNING),
        "rows": [(r, a, f, queries.share(a, f)) for r, a, f in counted if not r.skipped],
        "trend_chart": rule_charts.findings_trend(14), **_as_of(request, evaluation),
    }, request=request)


def overview_figures():
    """The overview's figures as the stored evaluation counted them (docs/decisions/0036), or None when the one
    stored has none (made before they were stored); the phases are labelled here, in the reader's language."""
    evaluation = freshness.current()
    if evaluation is None or not evaluation.overview:
        return None
    labels = dict(Service.Phase.choices)
    figures = {**evaluation.overview, "as_of": evaluation.as_of}
    figures["by_phase"] = [{**row, "phase_label": labels.get(row["phase"], row["phase"])}
                           for row in figures["by_phase"]]
    return figures


def organisation_panel(request, organisation):
    evaluation = freshness.current()
    rows = [(r, a, f, queries.share(a, f)) for r, a, f in queries_stored.counts(evaluation, owner=organisation.pk)
            if a]
    if not rows:
        return ""
    return render_to_string("rules/_organisation_panel.html", {"organisation": organisation, "rows": rows,
                                                               **_as_of(request, evaluation)}, request=request)


@login_required
def rule_list(request):
    evaluation = freshness.current()
    by_owner = queries_stored.counts_by_owner(evaluation)
    owners = Organisation.objects.in_bulk(list(by_owner))
    return render(request, "rules/rules.html", {
        "rows": [(r, a, f, queries.share(a, f)) for r, a, f in queries_stored.counts(evaluation)],
        **_rule_list_charts(),
        "owners": sorted(((owners[o], a, f, queries.share(a, f)) for o, (a, f) in by_owner.items() if o in owners),
                         key=lambda row: (row[3] if row[3] is not None else 101, row[0].name)),
        **_as_of(request, evaluation),
    })


def _findings_filter(request, evaluation):
    return FindingFilter(request.GET, queryset=queries_stored.findings(evaluation, request.user))


@login_required
def finding_list(request):
    evaluation = freshness.current()
    filterset = _findings_filter(request, evaluation)
    valid = filterset.is_valid()
    rows = filterset.qs if valid else filterset.queryset.none()
    unfiltered = valid and not any(filterset.form.cleaned_data.values())
    context = paged(request, rows, PAGE_SIZE,
                    count=queries_stored.known_total(evaluation, request.user) if unfiltered else None)
    page = context["page"]
    page.object_list = [(finding, queries_stored.rule_of(finding)) for finding in page.object_list]
    return render(request, "rules/findings.html", {
        "filter": filterset, **context, "total": page.paginator.count, **_as_of(request, evaluation),
    })


@login_required
def finding_export(request, fmt):
    evaluation = freshness.current()
    filterset = _findings_filter(request, evaluation)
    if not filterset.is_valid():
        return HttpResponse(filterset.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    as_of = evaluation.as_of.isoformat(timespec="seconds") if evaluation else None
    return exports.response(fmt, "avvikelser", queries_stored.EXPORT_COLUMNS,
                            queries_stored.export_rows(filterset.qs, as_of), sheet_title="Avvikelser")


@login_required
@require_POST
def refresh(request):
    """"Refresh now": the rules run again at once (in the background when a run is dear; the page says so)."""
    if not may_refresh(request.user):
        raise PermissionDenied(_("Only administrators and the governance office may refresh the findings now."))
    if freshness.refresh_now(request.user):
        messages.success(request, _("The findings are refreshed."))
    else:
        messages.info(request, _("The findings are being refreshed; reload the page in a moment."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = ""
    return redirect(target or "rules:findings")


def _rule_list_charts():
    return {"trend_chart": rule_charts.findings_trend(), "rule_trends": rule_charts.rule_trends()}


def _scorecard_charts(name, owner=None):
    """The scorecard's charts: where each rule stands now and — for an owner, whose services the daily
    snapshots count — each rule's share passing over time. A domain has no snapshots of its own."""
    def build(rows):
        return {"now_chart": rule_charts.scorecard_now(rows, name), "by_owner": owner is not None,
                "rule_trends": rule_charts.rule_trends(owner=owner) if owner is not None else []}
    return build


def _scorecard(request, title, owner=None, domains=None, charts=None, findings_query=""):
    evaluation = freshness.current()
    rows = [(r, a, f, queries.share(a, f))
            for r, a, f in queries_stored.counts(evaluation, owner=owner, domains=domains)]
    return render(request, "rules/scorecard.html", {"title": title, "rows": rows, "findings_query": findings_query,
                                                    **(charts(rows) if charts else {}),
                                                    **_as_of(request, evaluation)})


@login_required
def organisation_scorecard(request, code):
    organisation = get_object_or_404(Organisation, code=code)
    return _scorecard(request, _("Scorecard: %(name)s") % {"name": organisation.name}, owner=organisation.pk,
                      charts=_scorecard_charts(organisation.name, owner=organisation),
                      findings_query=f"owner={organisation.code}")


@login_required
def domain_scorecard(request, code):
    domain = get_object_or_404(Domain, code=code)
    return _scorecard(request, _("Scorecard: %(name)s") % {"name": domain.name},
                      domains=[domain.pk, *domain.sub_areas.values_list("pk", flat=True)],
                      charts=_scorecard_charts(domain.name), findings_query=f"domain={domain.code}")
