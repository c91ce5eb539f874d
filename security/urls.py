from django.urls import path  # noqa: F401 — the pages' routes are added below

from . import views  # noqa: F401

app_name = "security"

urlpatterns = [
]

# Risk analyses, risks and the risk matrix.
from core import converters  # noqa: E402, F401 — the export format converter

from . import risk_views  # noqa: E402

urlpatterns += [
    path("tjanster/<int:service_pk>/riskanalyser/ny/", risk_views.analysis_create, name="analysis-create"),
    path("riskanalyser/<int:pk>/", risk_views.analysis_detail, name="analysis"),
    path("risker/", risk_views.region_risks, name="risks"),
    path("risker/<int:pk>/", risk_views.risk_edit, name="risk"),
    path("risker/export.<fmt:fmt>", risk_views.risk_export, name="risk-export"),
    path("beslutsforslag/", risk_views.decision_options, name="decision-options"),
]
