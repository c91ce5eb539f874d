from django.urls import path

from . import views

app_name = "lifecycle"
urlpatterns = [
    path("komponenter/", views.component_list, name="components"),
    path("komponenter/ny/", views.component_create, name="component-create"),
    path("tjanster/<int:pk>/tester/", views.test_add, name="test-add"),
    path("tjanster/<int:pk>/miljoer/", views.environment_add, name="environment-add"),
]
