from django.urls import path, register_converter

from . import views


class ExportFormat:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormat, "fmt")

app_name = "services"
urlpatterns = [
    path("", views.service_list, name="list"),
    path("ny/", views.service_create, name="create"),
    path("import/", views.service_import, name="import"),
    path("export.<fmt:fmt>", views.service_export, name="export"),
    path("<int:pk>/", views.service_detail, name="detail"),
    path("<int:pk>/andra/", views.service_edit, name="edit"),
    path("<int:pk>/overlat/", views.service_transfer, name="transfer"),
    path("<int:pk>/konsumenter/", views.consumer_add, name="consumer-add"),
    path("<int:pk>/konsumenter/<int:consumer_pk>/ta-bort/", views.consumer_delete, name="consumer-delete"),
    path("<int:pk>/roller/", views.role_add, name="role-add"),
    path("<int:pk>/roller/<int:role_pk>/ta-bort/", views.role_delete, name="role-delete"),
]
