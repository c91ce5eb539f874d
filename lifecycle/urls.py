from django.urls import path

from . import views, views_components

app_name = "lifecycle"
urlpatterns = [
    path("komponenter/", views.component_list, name="components"),
    path("komponenter/ny/", views_components.component_create, name="component-create"),
    path("tjanster/<int:pk>/tester/", views.test_add, name="test-add"),
    path("tjanster/<int:pk>/miljoer/", views.environment_add, name="environment-add"),
    # Component pages (issue 13).
    path("komponenter/<int:pk>/", views_components.component_detail, name="component"),
    path("komponenter/<int:pk>/andra/", views_components.component_edit, name="component-edit"),
    path("komponenter/<int:pk>/historik/", views_components.component_history, name="component-history"),
    path("komponenter/<int:pk>/ta-bort/", views_components.component_delete, name="component-delete"),
    path("komponenter/<int:pk>/tjanster/", views_components.component_link, name="component-link"),
    path("komponenter/<int:pk>/tjanster/<int:service_pk>/ta-bort/", views_components.component_unlink,
         name="component-unlink"),
]
