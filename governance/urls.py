from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("overlatelser/", views.transfer_list, name="transfers"),
    path("overlatelser/ny/<int:service_pk>/", views.transfer_request, name="transfer-request"),
    path("overlatelser/<int:pk>/", views.transfer_detail, name="transfer"),
    path("undantag/", views.exemption_list, name="exemptions"),
    path("undantag/ny/<int:service_pk>/", views.exemption_request, name="exemption-request"),
    path("undantag/<int:pk>/", views.exemption_detail, name="exemption"),
]
