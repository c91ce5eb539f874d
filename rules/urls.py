from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [
    path("regler/", views.rule_list, name="rules"),
    path("avvikelser/", views.finding_list, name="findings"),
    path("styrkort/organisation/<str:code>/", views.organisation_scorecard, name="organisation-scorecard"),
    path("styrkort/omrade/<str:code>/", views.domain_scorecard, name="domain-scorecard"),
]
