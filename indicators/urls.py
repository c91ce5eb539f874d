from django.urls import path

import core.converters  # noqa: F401 — registers <fmt:…>

from . import views

app_name = "indicators"

# The follow-up's pages (indicators, their years, deviations, import, export) — one block; the computed
# indicators' and the grade's pages are appended below it.
urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("ny/", views.indicator_create, name="create"),
    path("import/", views.indicator_import, name="import"),
    path("export.<fmt:fmt>", views.indicator_export, name="export"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    path("<int:pk>/redigera/", views.indicator_edit, name="edit"),
    path("<int:pk>/<int:year>/mal/", views.target_form, name="target"),
    path("<int:pk>/<int:year>/prognos/", views.forecast_form, name="forecast"),
    path("<int:pk>/<int:year>/utfall/", views.outcome_form, name="outcome"),
    path("avvikelser/", views.deviation_list, name="deviations"),
    path("avvikelser/<int:pk>/", views.deviation_detail, name="deviation"),
    path("atgarder/<int:pk>/", views.plan_action_edit, name="plan-action"),
    path("atgarder/<int:pk>/ta-bort/", views.plan_action_remove, name="plan-action-remove"),
]

# The digitalisation grade and the register's computed figures (views_grade.py).
from . import views_grade  # noqa: E402

urlpatterns += [
    path("digitaliseringsgrad/", views_grade.grade_page, name="grade"),
    path("digitaliseringsgrad/vikter/", views_grade.grade_weights, name="grade-weights"),
    path("digitaliseringsgrad/kopiera/", views_grade.grade_copy, name="grade-copy"),
    path("digitaliseringsgrad/indikatorer/", views_grade.grade_indicator_options, name="grade-indicator-options"),
    path("registerindikatorer/", views_grade.computed_page, name="computed"),
    path("registerindikatorer/berakna/", views_grade.compute_now, name="compute-now"),
]
