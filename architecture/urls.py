from django.urls import path  # noqa: F401 — each block below appends its pages

import core.converters  # noqa: F401 — registers <fmt:…>

app_name = "architecture"

# The architecture's pages, one block per part of issue 11, each appending its own.
urlpatterns = []

# Integrations and dependencies (views.py)

# Impact analysis: what stops if X stops (views_impact.py)

# The process map, overlap and needs mapping (views_processes.py)

# ArchiMate exchange (views_archimate.py)
from . import views_archimate  # noqa: E402

urlpatterns += [
    path("archimate/", views_archimate.archimate, name="archimate"),
]
