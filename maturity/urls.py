from django.urls import path  # noqa: F401 — each block below appends its pages

import core.converters  # noqa: F401 — registers <fmt:…>

app_name = "maturity"

# One block per part of issue 12, each importing its own views and appending its pages.
urlpatterns = []
