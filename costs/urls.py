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
