from django.urls import path  # noqa: F401 — each block below appends its pages

import core.converters  # noqa: F401 — registers <fmt:…>

app_name = "architecture"

# The architecture's pages, one block per part of issue 11, each appending its own.
urlpatterns = []

# Integrations and dependencies (views.py)
from . import views  # noqa: E402

urlpatterns += [
    path("integrationer/", views.integration_list, name="integrations"),
    path("integrationer/export.<fmt:fmt>", views.integration_export, name="integration-export"),
    path("integrationer/<int:pk>/andra/", views.integration_edit, name="integration-edit"),
    path("integrationer/<int:pk>/ta-bort/", views.integration_delete, name="integration-delete"),
    path("tjanster/<int:pk>/integrationer/ny/", views.integration_create, name="integration-create"),
    path("tjanster/<int:pk>/beroenden/ny/", views.dependency_create, name="dependency-create"),
    path("beroenden/<int:pk>/ta-bort/", views.dependency_delete, name="dependency-delete"),
    path("tjanstforslag/", views.service_options, name="service-options"),
]

# Impact analysis: what stops if X stops (views_impact.py)

# The process map, overlap and needs mapping (views_processes.py)

# ArchiMate exchange (views_archimate.py)
