from django.urls import path  # noqa: F401 — the pages' routes are added below

import core.converters  # noqa: F401 — registers <fmt:…>

from . import classification_views, views  # noqa: F401

app_name = "security"

urlpatterns = [
]

# Information types and classification.
urlpatterns += [
    path("", classification_views.classification_list, name="classifications"),
    path("tjanster/<int:pk>/information/ny/", classification_views.information_add, name="information-add"),
    path("information/<int:pk>/", classification_views.information_edit, name="information-edit"),
    path("information/<int:pk>/ta-bort/", classification_views.information_remove, name="information-remove"),
    path("tjanster/<int:pk>/klassning/", classification_views.classification_override, name="override"),
    path("tjanster/<int:pk>/klassning/berakna/", classification_views.classification_computed,
         name="computed"),
    path("information/export.<fmt:fmt>", classification_views.information_export, name="information-export"),
    path("information/import/", classification_views.information_import, name="information-import"),
]
