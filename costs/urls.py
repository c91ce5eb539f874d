from django.urls import path, register_converter

from services.urls import ExportFormat

from . import views

register_converter(ExportFormat, "costfmt")

app_name = "costs"
urlpatterns = [
    path("", views.index, name="index"),
    path("korning/", views.start_run, name="start-run"),
    path("korning/<int:pk>/", views.run_detail, name="run"),
    path("korning/<int:pk>/export.<costfmt:fmt>", views.export, name="export"),
    path("korning/<int:pk>/<str:code>/", views.bill, name="bill"),
]
