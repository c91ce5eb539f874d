from django.urls import path  # noqa: F401 — each block below appends its pages

import core.converters  # noqa: F401 — registers <fmt:…>

app_name = "maturity"

# One block per part of issue 12, each importing its own views and appending its pages.
urlpatterns = []

# Results, comparisons, exchange with other organisations (views_results.py) and action plans (views_plans.py):
# issue 12 points 6 and 7.
from . import views_plans, views_results  # noqa: E402 — each block imports its own views

urlpatterns += [
    path("matningar/<int:round_pk>/enheter/<int:unit_pk>/", views_results.unit_result, name="unit-result"),
    path("matningar/<int:round_pk>/varmekarta/", views_results.heatmap, name="heatmap"),
    path("matningar/<int:round_pk>/varmekarta/export.<fmt:fmt>", views_results.heatmap_export,
         name="heatmap-export"),
    path("matningar/<int:round_pk>/jamfor/", views_results.compare, name="compare"),
    path("matningar/<int:round_pk>/jamfor/export.<fmt:export>", views_results.compare, name="compare-export"),
    path("matningar/<int:round_pk>/utbyte.<fmt:fmt>", views_results.exchange_export, name="exchange-export"),
    path("andra-organisationer/", views_results.external, name="external"),
    path("handlingsplaner/", views_plans.plan_list, name="plans"),
    path("handlingsplaner/export.<fmt:fmt>", views_plans.plan_export, name="plan-export"),
    path("handlingsplaner/ny/", views_plans.plan_create, name="plan-create"),
    path("handlingsplaner/<int:pk>/", views_plans.plan_detail, name="plan"),
    path("handlingsplaner/<int:pk>/andra/", views_plans.plan_edit, name="plan-edit"),
    path("handlingsplaner/<int:pk>/mal/ny/", views_plans.goal_add, name="plan-goal-add"),
    path("handlingsplaner/mal/<int:pk>/ta-bort/", views_plans.goal_remove, name="plan-goal-remove"),
    path("handlingsplaner/<int:pk>/aktiviteter/ny/", views_plans.activity_add, name="plan-activity-add"),
    path("handlingsplaner/aktiviteter/<int:pk>/andra/", views_plans.activity_edit, name="plan-activity-edit"),
    path("handlingsplaner/aktiviteter/<int:pk>/ta-bort/", views_plans.activity_remove, name="plan-activity-remove"),
    path("handlingsplaner/enhetsforslag/", views_plans.unit_options, name="plan-unit-options"),
    path("handlingsplaner/initiativforslag/", views_plans.initiative_options, name="plan-initiative-options"),
]

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
