from django.urls import path

import core.converters  # noqa: F401 — registers <fmt:…>

from . import views

app_name = "costs"
urlpatterns = [
    path("", views.index, name="index"),
    path("korning/", views.start_run, name="start-run"),
    path("korning/<int:pk>/", views.run_detail, name="run"),
    path("korning/<int:pk>/export.<fmt:fmt>", views.export, name="export"),
    path("korning/<int:pk>/<str:code>/", views.bill, name="bill"),
]

# Cost lines, funding and usage (views_*.py)
from . import views_funding, views_lines, views_runs, views_usage  # noqa: E402

urlpatterns += [
    path("slutlig-korning/<int:pk>/", views_runs.run_mark_final, name="run-final"),
    path("rader/", views_lines.line_list, name="lines"),
    path("rader/export.<fmt:fmt>", views_lines.line_export, name="lines-export"),
    path("rader/ny/", views_lines.line_create, name="line-create"),
    path("rader/<int:pk>/", views_lines.line_edit, name="line-edit"),
    path("rader/<int:pk>/ta-bort/", views_lines.line_delete, name="line-delete"),
    path("finansiering/", views_funding.funding_list, name="funding"),
    path("finansiering/ny/", views_funding.funding_create, name="funding-create"),
    path("finansiering/nyckelsumma/", views_funding.key_sum, name="key-sum"),
    path("finansiering/<int:pk>/", views_funding.funding_edit, name="funding-edit"),
    path("finansiering/<int:pk>/ta-bort/", views_funding.funding_delete, name="funding-delete"),
    path("drivare/", views_funding.driver_list, name="drivers"),
    path("drivare/ny/", views_funding.driver_create, name="driver-create"),
    path("drivare/<slug:code>/", views_funding.driver_edit, name="driver-edit"),
    path("forbrukning/", views_usage.usage_table, name="usage"),
    path("forbrukning/uppladdning/", views_usage.usage_upload, name="usage-upload"),
    path("forbrukning/mall.<fmt:fmt>", views_usage.usage_template, name="usage-template"),
]
