"""The public catalogue, mounted at /katalog/: no sign-in (catalogue.views). The open data's addresses are stable:
the national data portal harvests them."""

from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.index, name="index"),
    path("tjanster/<int:pk>/", views.service, name="service"),
    path("oppna-data/", views.open_data, name="open-data"),
    path("oppna-data/tjanster.json", views.services_json, name="services-json"),
    path("oppna-data/tjanster.csv", views.services_csv, name="services-csv"),
    path("oppna-data/tjanster.schema.json", views.services_schema, name="services-schema"),
    path("oppna-data/dcat.jsonld", views.dcat_jsonld, name="dcat-jsonld"),
    path("oppna-data/dcat.rdf", views.dcat_rdf, name="dcat-rdf"),
]
