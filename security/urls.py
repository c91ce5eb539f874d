from django.urls import path  # noqa: F401 — the pages' routes are added below

from . import views  # noqa: F401

app_name = "security"

urlpatterns = [
]
