from django.urls import path

import core.converters  # noqa: F401 — registers <fmt:…>

from . import views, views_history

app_name = "services"
urlpatterns = [
    path("", views.service_list, name="list"),
    path("ny/", views.service_create, name="create"),
    path("import/", views.service_import, name="import"),
    path("export.<fmt:fmt>", views.service_export, name="export"),
    path("<int:pk>/", views.service_detail, name="detail"),
    path("<int:pk>/andra/", views.service_edit, name="edit"),
    path("<int:pk>/agarskap/", views.ownership_correction, name="correct-ownership"),
    path("<int:pk>/ta-bort/", views.service_delete, name="delete"),
    path("<int:pk>/konsumenter/", views.consumer_add, name="consumer-add"),
    path("<int:pk>/avsnitt/<str:section>/", views.service_section, name="section"),
    path("<int:pk>/konsumenter/<int:consumer_pk>/", views.consumer_row, name="consumer-row"),
    path("<int:pk>/konsumenter/<int:consumer_pk>/volym/", views.consumer_volume, name="consumer-volume"),
    path("<int:pk>/konsumenter/<int:consumer_pk>/ta-bort/", views.consumer_delete, name="consumer-delete"),
    path("<int:pk>/roller/", views.role_add, name="role-add"),
    path("<int:pk>/roller/<int:role_pk>/ta-bort/", views.role_delete, name="role-delete"),
    path("<int:pk>/historik/", views_history.service_history_page, name="history"),
]
