from django.urls import path  # noqa: F401 — the pages' routes are added below

import core.converters  # noqa: F401 — registers <fmt:…>

from . import classification_views, views  # noqa: F401
from . import views_protection as protection

app_name = "security"

urlpatterns = [
]

# Information types and classification.
urlpatterns += [
    path("", classification_views.classification_list, name="classifications"),
    path("tjanster/<int:pk>/information/ny/", classification_views.information_add, name="information-add"),
    path("information/<int:pk>/", classification_views.information_edit, name="information-edit"),
    path("information/<int:pk>/ta-bort/", classification_views.information_remove, name="information-remove"),
    path("tjanster/<int:pk>/klassning/", classification_views.classification_override, name="override"),
    path("tjanster/<int:pk>/klassning/berakna/", classification_views.classification_computed,
         name="computed"),
    path("information/export.<fmt:fmt>", classification_views.information_export, name="information-export"),
    path("information/import/", classification_views.information_import, name="information-import"),
]

# Personal data and suppliers, continuity, protection requirements (issue 9, parts 3–5).
urlpatterns += [
    path("tjanster/<int:pk>/avtal/ny/", protection.agreement_create, name="agreement-create"),
    path("avtal/<int:pk>/", protection.agreement_edit, name="agreement-edit"),
    path("avtal/<int:pk>/ta-bort/", protection.agreement_delete, name="agreement-delete"),
    path("avtal/<int:pk>/overforingsbedomning/ny/", protection.assessment_create, name="assessment-create"),
    path("overforingsbedomningar/<int:pk>/", protection.assessment_edit, name="assessment-edit"),
    path("overforingsbedomningar/<int:pk>/ta-bort/", protection.assessment_delete, name="assessment-delete"),
    path("tjanster/<int:pk>/kontinuitetsplan/", protection.continuity_plan, name="continuity-plan"),
    path("tjanster/<int:pk>/krav/<slug:code>/uppfyllt/", protection.requirement_met, name="requirement-met"),
    path("uppfyllda-krav/<int:pk>/aterkalla/", protection.fulfilment_withdraw, name="fulfilment-withdraw"),
    path("krav/", protection.catalogue_page, name="requirements"),
    path("krav/import/", protection.catalogue_import, name="requirements-import"),
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
