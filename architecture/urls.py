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
]

# Impact analysis: what stops if X stops (views_impact.py)
from . import views_impact  # noqa: E402 — each block imports its own views

urlpatterns += [
    path("paverkan/<int:pk>/", views_impact.impact_page, name="impact"),
    path("paverkan/<int:pk>/export.<fmt:fmt>", views_impact.impact_export, name="impact-export"),
    path("paverkan/komponent/<int:pk>/", views_impact.impact_page, {"component": True}, name="impact-component"),
    path("paverkan/komponent/<int:pk>/export.<fmt:fmt>", views_impact.impact_export, {"component": True},
         name="impact-component-export"),
]

# The process map, overlap and needs mapping (views_processes.py)
from . import views_processes  # noqa: E402 — each part imports its own views beside its block

urlpatterns += [
    path("processer/", views_processes.process_list, name="processes"),
    path("processer/ny/", views_processes.process_create, name="process-create"),
    path("processer/import/", views_processes.process_import, name="process-import"),
    path("processer/export.<fmt:fmt>", views_processes.process_export, name="process-export"),
    path("processer/forslag/", views_processes.process_options, name="process-options"),
    path("processer/<int:pk>/", views_processes.process_detail, name="process"),
    path("processer/<int:pk>/andra/", views_processes.process_edit, name="process-edit"),
    path("tjanster/<int:pk>/processer/", views_processes.link_add, name="process-link-add"),
    path("tjanster/<int:pk>/processer/<int:process_pk>/ta-bort/", views_processes.link_remove,
         name="process-link-remove"),
    path("behov/", views_processes.needs, name="needs"),
    path("behov/tjanst/<int:pk>/", views_processes.needs_mapping, name="needs-mapping"),
]

# ArchiMate exchange (views_archimate.py)
from . import views_archimate  # noqa: E402

urlpatterns += [
    path("archimate/", views_archimate.archimate, name="archimate"),
]
