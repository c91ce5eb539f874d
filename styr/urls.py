from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from core.api import AuditLogView
from costs.api import AllocationRunViewSet, CostLineViewSet, DriverViewSet, FundingModelViewSet, UsageViewSet
from decisions.api import DecisionViewSet
from governance.api import ExemptionViewSet, TransferViewSet
from lifecycle.api import ComponentViewSet, TestRecordViewSet
from organisations.api import DomainViewSet, OrganisationViewSet
from rules.api import FindingsView, RulesView, ScorecardView
from services.api import CategoryViewSet, ConsumerViewSet, ServiceViewSet
from services.views import dashboard


@login_required
def media(request, path):
    """Uploaded decisions and risk analyses are for signed-in users only, never public files, and always
    downloaded, never shown in the browser: a file is what its uploader made it, and served inline from
    Styr's own origin an HTML or SVG file would run its script in the reader's session."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


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

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("tjanster/", include("services.urls")),
    path("organisationer/", include("organisations.urls")),
    path("styrning/", include("governance.urls")),
    path("styrning/", include("rules.urls")),
    path("beslut/", include("decisions.urls")),
    path("livscykel/", include("lifecycle.urls")),
    path("kostnader/", include("costs.urls")),
    path("granskning/", include("core.urls")),
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/audit-log/", AuditLogView.as_view(), name="api-audit-log"),
    path("api/rules/", RulesView.as_view(), name="api-rules"),
    path("api/findings/", FindingsView.as_view(), name="api-findings"),
    path("api/scorecards/<str:kind>/<str:code>/", ScorecardView.as_view(), name="api-scorecard"),
    path("api/", include((router.urls, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("media/<path:path>", media, name="media"),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
