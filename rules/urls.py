from django.urls import path

import core.converters  # noqa: F401 — registers <fmt:…>

from . import views

app_name = "rules"
urlpatterns = [
    path("regler/", views.rule_list, name="rules"),
    path("avvikelser/", views.finding_list, name="findings"),
    path("avvikelser/export.<fmt:fmt>", views.finding_export, name="findings-export"),
    path("avvikelser/uppdatera/", views.refresh, name="refresh"),
    path("styrkort/organisation/<str:code>/", views.organisation_scorecard, name="organisation-scorecard"),
    path("styrkort/omrade/<str:code>/", views.domain_scorecard, name="domain-scorecard"),
]
