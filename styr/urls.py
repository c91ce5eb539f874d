from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts import views as accounts_views
from architecture.api import DependencyViewSet, IntegrationViewSet
from architecture.api_archimate import ArchimateView
from architecture.api_impact import ComponentImpactView, ServiceImpactView
from architecture.api_processes import NeedsMappingViewSet, ProcessViewSet
from core import views as core_views
from core.api import AuditLogView
from costs.api import AllocationRunViewSet, CostLineViewSet, DriverViewSet, FundingModelViewSet, UsageViewSet
from decisions.api import DecisionViewSet
from governance.api import ExemptionViewSet, TransferViewSet
from indicators.api import DeviationViewSet, IndicatorViewSet, IndicatorYearViewSet, OutcomeViewSet, PlanActionViewSet
from indicators.api_grade import GradeView
from lifecycle.api import ComponentViewSet, TestRecordViewSet
from maturity.api_plans import ActionPlanViewSet, ActivityViewSet, GoalViewSet
from maturity.api_results import ExternalResultViewSet
from organisations.api import DomainViewSet, OrganisationViewSet
from portfolio.api_ranking import (
    ActualCostViewSet,
    BenefitOutcomeViewSet,
    PlacementViewSet,
    RankingDecisionViewSet,
    RankingView,
)
from rules.api import FindingsView, RulesView, ScorecardView
from security.api import ClassificationViewSet, InformationTypeViewSet, ScaleViewSet
from security.api_protection import (
    ContinuityPlanViewSet,
    ContinuityRequirementViewSet,
    ProcessingAgreementViewSet,
    ProtectionRequirementViewSet,
    RequirementFulfilmentViewSet,
    TransferAssessmentViewSet,
)
from security.api_risks import RiskAnalysisViewSet, RiskMatrixView, RiskViewSet
from services.api import CategoryViewSet, ConsumerViewSet, ServiceViewSet
from services.views import dashboard

router = DefaultRouter()
router.register("organisations", OrganisationViewSet)
router.register("domains", DomainViewSet)
router.register("services", ServiceViewSet, basename="service")
router.register("consumers", ConsumerViewSet)
router.register("categories", CategoryViewSet)
router.register("decisions", DecisionViewSet)
router.register("transfers", TransferViewSet)
router.register("exemptions", ExemptionViewSet)
router.register("components", ComponentViewSet, basename="component")
router.register("tests", TestRecordViewSet)
router.register("costs", CostLineViewSet)
router.register("usage", UsageViewSet)
router.register("funding-models", FundingModelViewSet)
router.register("drivers", DriverViewSet)
router.register("allocation-runs", AllocationRunViewSet)
router.register("information-types", InformationTypeViewSet, basename="information-type")
router.register("classifications", ClassificationViewSet, basename="classification")
router.register("scales", ScaleViewSet)

router.register("processing-agreements", ProcessingAgreementViewSet, basename="processing-agreement")
router.register("transfer-assessments", TransferAssessmentViewSet, basename="transfer-assessment")
router.register("continuity-plans", ContinuityPlanViewSet, basename="continuity-plan")
router.register("requirement-fulfilments", RequirementFulfilmentViewSet, basename="requirement-fulfilment")
router.register("protection-requirements", ProtectionRequirementViewSet)
router.register("continuity-requirements", ContinuityRequirementViewSet)

router.register("risk-analyses", RiskAnalysisViewSet, basename="risk-analysis")
router.register("risks", RiskViewSet, basename="risk")
# The yearly follow-up (issue 10): indicators, their years and outcomes, deviations and action plans.
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-years", IndicatorYearViewSet, basename="indicator-year")
router.register("outcomes", OutcomeViewSet, basename="outcome")
router.register("deviations", DeviationViewSet, basename="deviation")
router.register("plan-actions", PlanActionViewSet, basename="plan-action")
# Architecture (issue 11): integrations with their service contracts, and dependencies between services.
router.register("integrations", IntegrationViewSet, basename="integration")
router.register("dependencies", DependencyViewSet, basename="dependency")
# The process map and the needs mappings (issue 11 point 3).
router.register("processes", ProcessViewSet, basename="process")
router.register("needs-mappings", NeedsMappingViewSet, basename="needs-mapping")
# The portfolio (issue 12 points 1–2): initiatives and their value assessments.
from portfolio.api import InitiativeViewSet, ValueAssessmentViewSet  # noqa: E402 — beside its lines, for the merge

router.register("initiatives", InitiativeViewSet, basename="initiative")
router.register("value-assessments", ValueAssessmentViewSet, basename="value-assessment")
# Other organisations' maturity results and action plans (issue 12 points 6–7).
router.register("maturity-external-results", ExternalResultViewSet, basename="maturity-external-result")
router.register("maturity-plans", ActionPlanViewSet, basename="maturity-plan")
router.register("maturity-goals", GoalViewSet, basename="maturity-goal")
router.register("maturity-activities", ActivityViewSet, basename="maturity-activity")
# The portfolio's ranking and benefit follow-up (issue 12 points 3 and 4)
router.register("ranking-placements", PlacementViewSet, basename="ranking-placement")
router.register("ranking-decisions", RankingDecisionViewSet, basename="ranking-decision")
router.register("benefit-outcomes", BenefitOutcomeViewSet, basename="benefit-outcome")
router.register("initiative-actual-costs", ActualCostViewSet, basename="initiative-actual-cost")
# Digital maturity (issue 12): models, units, rounds and their aggregated results (read).
from maturity.api import MaturityModelViewSet, ResultViewSet, RoundViewSet, UnitViewSet  # noqa: E402

router.register("maturity-models", MaturityModelViewSet, basename="maturity-model")
router.register("maturity-units", UnitViewSet, basename="maturity-unit")
router.register("maturity-rounds", RoundViewSet, basename="maturity-round")
router.register("maturity-results", ResultViewSet, basename="maturity-result")

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("tjanster/", include("services.urls")),
    path("organisationer/", include("organisations.urls")),
    path("styrning/", include("governance.urls")),
    path("styrning/", include("rules.urls")),
    path("beslut/", include("decisions.urls")),
    path("livscykel/", include("lifecycle.urls")),
    path("kostnader/", include("costs.urls")),
    path("sakerhet/", include("security.urls")),
    path("indikatorer/", include("indicators.urls")),
    path("arkitektur/", include("architecture.urls")),
    path("portfolj/", include("portfolio.urls")),
    path("mognad/", include("maturity.urls")),
    path("rapporter/", include("reports.urls")),
    # The public catalogue and its open data: no sign-in (catalogue/).
    path("katalog/", include("catalogue.urls")),
    path("granskning/", include("core.urls")),
    path("forslag/<slug:kind>/", core_views.suggest, name="suggest"),
    path("logga-in/", accounts_views.SignInView.as_view(), name="login"),
    path("logga-ut/", accounts_views.sign_out, name="logout"),
    path("oidc/authenticate/", accounts_views.oidc_start, name="oidc_authentication_init"),
    path("oidc/callback/", accounts_views.oidc_callback, name="oidc_authentication_callback"),
    path("konto/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/audit-log/", AuditLogView.as_view(), name="api-audit-log"),
    path("api/rules/", RulesView.as_view(), name="api-rules"),
    path("api/ranking/", RankingView.as_view(), name="api-ranking"),
    path("api/grade/", GradeView.as_view(), name="api-grade"),
    path("api/findings/", FindingsView.as_view(), name="api-findings"),
    path("api/risk-matrix/", RiskMatrixView.as_view(), name="api-risk-matrix"),
    path("api/scorecards/<str:kind>/<str:code>/", ScorecardView.as_view(), name="api-scorecard"),
    path("api/archimate/", ArchimateView.as_view(), name="api-archimate"),
    path("api/impact/services/<int:pk>/", ServiceImpactView.as_view(), name="api-impact-service"),
    path("api/impact/components/<int:pk>/", ComponentImpactView.as_view(), name="api-impact-component"),
    path("api/", include((router.urls, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("media/<path:path>", core_views.media, name="media"),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
