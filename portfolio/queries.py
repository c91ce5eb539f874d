"""Reads of initiatives shared by the pages, the API and the exports (issue 12, points 1 and 2). Initiatives are
the region's: everyone signed in reads them (core.access.visible_to narrows nothing registered for them)."""

from django.db.models import Prefetch

from core import access

from .models import AssessmentScore, Criterion, CriterionWeight, Initiative, InitiativeService, ValueAssessment


def initiatives():
    return (Initiative.objects.select_related("owner", "proposer", "started_by")
            .prefetch_related("focus_areas"))


def initiatives_visible_to(user):
    return access.visible_to(user, initiatives())


def initiative_detail(pk):
    """One initiative with everything its page shows, in a handful of queries."""
    assessments = (ValueAssessment.objects.select_related("portfolio_year", "portfolio_year__council",
                                                          "assessed_by", "investment_decision",
                                                          "investment_decision__decision",
                                                          "investment_decision__body")
                   .prefetch_related(Prefetch("scores", AssessmentScore.objects.select_related("criterion")))
                   .order_by("-portfolio_year__year"))
    return (initiatives().prefetch_related(
        Prefetch("service_links", InitiativeService.objects.select_related("service").order_by("effect",
                                                                                                "service__name")),
        "benefits", "costs", Prefetch("assessments", assessments)).filter(pk=pk).first())


def service_initiatives(service):
    """The initiatives that create, change or retire `service` (the service page's panel)."""
    return (InitiativeService.objects.filter(service=service).select_related("initiative", "initiative__owner")
            .order_by("initiative__code"))


def criteria_with_weights(portfolio_year):
    """[(criterion, weight row or None)] of all criteria, active first, for a year."""
    weights = {w.criterion_id: w for w in CriterionWeight.objects.filter(portfolio_year=portfolio_year)}
    return [(c, weights.get(c.pk)) for c in Criterion.objects.order_by("-active", "order", "code")]
