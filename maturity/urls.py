from django.urls import path  # noqa: F401 — each block below appends its pages

import core.converters  # noqa: F401 — registers <fmt:…>

app_name = "maturity"

# One block per part of issue 12, each importing its own views and appending its pages.
urlpatterns = []

# Models, units, rounds, answers and the aggregation (views.py; issue 12 points 5, 6 and 9)
from . import views  # noqa: E402 — each block imports its own views

urlpatterns += [
    path("", views.round_list, name="rounds"),
    path("omgangar/ny/", views.round_create, name="round-create"),
    path("omgangar/<int:pk>/", views.round_detail, name="round"),
    path("omgangar/<int:pk>/andra/", views.round_edit, name="round-edit"),
    path("omgangar/<int:pk>/stang/", views.round_close, name="round-close"),
    path("omgangar/<int:pk>/oppna/", views.round_reopen, name="round-reopen"),
    path("omgangar/<int:pk>/aggregera/", views.round_aggregate, name="round-aggregate"),
    path("omgangar/<int:pk>/enheter/ny/", views.round_unit_add, name="round-unit-add"),
    path("omgangsenheter/<int:pk>/ta-bort/", views.round_unit_remove, name="round-unit-remove"),
    path("omgangar/<int:pk>/import/", views.round_import, name="round-import"),
    path("omgangar/<int:pk>/svar/ny/", views.response_create, name="response-create"),
    path("modeller/", views.model_list, name="models"),
    path("modeller/import/", views.model_import, name="model-import"),
    path("modeller/<int:pk>/", views.model_detail, name="model"),
    path("modeller/<int:pk>/export.<fmt:fmt>", views.model_export, name="model-export"),
    path("modeller/<int:pk>/ny-version/", views.model_copy, name="model-copy"),
    path("enheter/", views.unit_list, name="units"),
    path("enheter/ny/", views.unit_create, name="unit-create"),
    path("enheter/<int:pk>/andra/", views.unit_edit, name="unit-edit"),
    path("enhetsforslag/", views.unit_options, name="unit-options"),
]
