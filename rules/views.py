import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core import registry
from core.views import paged
from organisations.models import Domain, Organisation
from services.models import Service
from services.queries import services_with_owner

from . import charts as rule_charts
from . import queries
from .filters import FindingFilter

PAGE_SIZE = 100


def service_panel(request, service):
    return render_to_string("rules/_service_panel.html", {
        "findings": queries.findings(services=[service.pk], user=request.user),
    }, request=request)


def dashboard_panel(request):
    """The overview shows the latest daily snapshot — a region of 100,000 services would otherwise run
    every rule on each visit — and runs the rules live only when no snapshot exists yet."""
    counted, as_of = queries.latest_counts()
    return render_to_string("rules/_dashboard_panel.html", {
        "blocking": sum(f for r, _, f in counted if r.severity == registry.BLOCKING),
        "warnings": sum(f for r, _, f in counted if r.severity == registry.WARNING),
        "rows": [(r, a, f, queries.share(a, f)) for r, a, f in counted if not r.skipped],
        "trend": queries.trend(14), "as_of": as_of,
        "trend_chart": rule_charts.findings_trend(14),
    }, request=request)


def organisation_panel(request, organisation):
    services = services_with_owner().filter(owner_id=organisation.pk).values("pk")
    rows = [(r, a, f, queries.share(a, f)) for r, a, f in queries.counts(services=services, owner=organisation.pk)
            if a]
    if not rows:
        return ""
    return render_to_string("rules/_organisation_panel.html", {"organisation": organisation, "rows": rows},
                            request=request)


@login_required
def rule_list(request):
    today = datetime.date.today()
    by_owner = {}
    for _rule, owner_id, applicable, failing in queries.counts_by_owner(today):
        row = by_owner.setdefault(owner_id, [0, 0])
        row[0] += applicable
        row[1] += failing
    owners = Organisation.objects.in_bulk([o for o in by_owner if o])
    return render(request, "rules/rules.html", {
        "rows": [(r, a, f, queries.share(a, f)) for r, a, f in queries.counts(today)],
        "trend": queries.trend(),
        **_rule_list_charts(),
        "owners": sorted(((owners[o], a, f, queries.share(a, f)) for o, (a, f) in by_owner.items() if o),
                         key=lambda row: (row[3], row[0].name)),
    })


@login_required
def finding_list(request):
    filterset = FindingFilter(request.GET, queryset=services_with_owner())
    found = filterset.findings(user=request.user) if filterset.is_valid() else []
    return render(request, "rules/findings.html", {
        "filter": filterset, **paged(request, found, PAGE_SIZE), "total": len(found),
    })


def _rule_list_charts():
    return {"trend_chart": rule_charts.findings_trend(), "rule_trends": rule_charts.rule_trends()}


def _scorecard_charts(name, owner=None):
    """The scorecard's charts: where each rule stands now and — for an owner, whose services the daily
    snapshots count — each rule's share passing over time. A domain has no snapshots of its own."""
    def build(rows):
        return {"now_chart": rule_charts.scorecard_now(rows, name), "by_owner": owner is not None,
                "rule_trends": rule_charts.rule_trends(owner=owner) if owner is not None else []}
    return build


def _scorecard(request, title, services, owner=None, charts=None):
    rows = [(r, a, f, queries.share(a, f)) for r, a, f in queries.counts(services=services, owner=owner)]
    return render(request, "rules/scorecard.html", {"title": title, "rows": rows,
                                                    **(charts(rows) if charts else {})})


@login_required
def organisation_scorecard(request, code):
    organisation = get_object_or_404(Organisation, code=code)
    services = services_with_owner().filter(owner_id=organisation.pk).values("pk")
    return _scorecard(request, _("Scorecard: %(name)s") % {"name": organisation.name}, services, organisation.pk,
                      charts=_scorecard_charts(organisation.name, owner=organisation))


@login_required
def domain_scorecard(request, code):
    domain = get_object_or_404(Domain, code=code)
    services = Service.objects.filter(domain__in=[domain, *domain.sub_areas.all()]).values("pk")
    return _scorecard(request, _("Scorecard: %(name)s") % {"name": domain.name}, services,
                      charts=_scorecard_charts(domain.name))
