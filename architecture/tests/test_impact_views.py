"""The impact panel on the service page, the full pages and their exports, as users see them."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lifecycle.models import Component
from organisations.tests import factories as orgs
from security.tests import factories_visibility as vis
from services.models import Consumer
from services.tests import factories as service_factories

from . import factories
from .factories_impact import chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    user = orgs.user()
    client.force_login(user)
    return user


def _text(response):
    return response.content.decode()


def test_the_service_page_shows_what_stops_as_a_picture_with_a_table_and_links(client, reader):
    a, b, c = chain("Plattformen", "Journalen", "Portalen")
    text = _text(client.get(a.get_absolute_url(), {"sections": "all"}))
    assert "Vad som stannar om Plattformen stannar" in text
    picture = text.split('class="impact-graph"')[1].split("</svg>")[0]
    assert 'role="img"' in picture and "<title" in picture and "style=" not in picture and "<script" not in picture
    assert f'href="{b.get_absolute_url()}"' in text and f'href="{c.get_absolute_url()}"' in text
    assert "2 tjänster inom två steg" in text
    assert reverse("architecture:impact", args=[a.pk]) in text


def test_the_service_page_shows_what_a_service_needs(client, reader):
    a, b, c = chain("Plattformen", "Journalen", "Portalen")
    text = _text(client.get(c.get_absolute_url(), {"sections": "all"}))
    assert "Vad Portalen behöver" in text and "Ingen tjänst stannar med den." in text
    assert f'href="{a.get_absolute_url()}"' in text


def test_the_picture_is_capped_and_says_how_many_more(client, reader):
    hub = service_factories.service(name="Navet")
    for n in range(12):
        factories.dependency(service=service_factories.service(name=f"Beroende {n:02d}"), depends_on=hub)
    text = _text(client.get(hub.get_absolute_url(), {"sections": "all"}))
    assert "och 4 till" in text  # 8 drawn of 12


def test_the_full_page_pages_sorts_filters_and_totals(client, reader):
    board = orgs.organisation(name="Hälso- och sjukvårdsnämnden")
    hub = service_factories.service(name="Navet")
    made = []
    for n in range(55):
        made.append(service_factories.service(name=f"Tjänst {n:02d}", criticality="high" if n < 5 else "low"))
        factories.dependency(service=made[-1], depends_on=hub)
    factories.dependency(service=service_factories.service(name="Djupt"), depends_on=made[0])
    Consumer.objects.create(service=made[0], organisation=board, volume=40)
    Consumer.objects.create(service=made[1], organisation=board, volume=2)
    url = reverse("architecture:impact", args=[hub.pk])
    text = _text(client.get(url))
    assert "56 tjänster totalt" in text and "Sida 1 av 2" in text
    assert "Hälso- och sjukvårdsnämnden" in text and "42 användare" in text
    def listed(sort):
        return _text(client.get(url, {"sort": sort})).split("Tjänster</h2>")[1]
    assert listed("depth").index("Tjänst 00") < listed("depth").index("Tjänst 05") and "Djupt" not in listed("depth")
    assert listed("-depth").index("Djupt") < listed("-depth").index("Tjänst 54")
    assert listed("-name").index("Tjänst 54") < listed("-name").index("Tjänst 53") and "Djupt" not in listed("-name")
    filtered = _text(client.get(url, {"depth": 2}))
    assert "1 tjänst listad" in filtered and "Djupt" in filtered
    assert "5 tjänster listade" in _text(client.get(url, {"criticality": "high"}))


def test_bad_parameters_are_told_not_a_500(client, reader):
    hub, _dependent = chain("Navet", "Beroende")
    url = reverse("architecture:impact", args=[hub.pk])
    response = client.get(url, {"depth": "noll", "sort": "bogus", "direction": "sideways"})
    assert response.status_code == 200 and "errorlist" in _text(response)
    export = client.get(reverse("architecture:impact-export", args=[hub.pk, "csv"]), {"depth": "x"})
    assert export.status_code == 400
    assert client.get(reverse("architecture:impact", args=[999999])).status_code == 404


def test_the_export_writes_every_service_with_owner_and_boards(client, reader):
    owner = orgs.organisation(name="Ägarnämnden")
    hub = service_factories.service(name="Navet")
    dependent = service_factories.service(owner, name="=Beroende")
    factories.dependency(service=dependent, depends_on=hub)
    Consumer.objects.create(service=dependent, organisation=owner, volume=7)
    csv = client.get(reverse("architecture:impact-export", args=[hub.pk, "csv"])).content.decode("utf-8-sig")
    lines = csv.splitlines()
    assert lines[0] == "Djup;Tjänst;Externt id;Kritikalitet;Ägare;Konsumerande nämnder"
    assert lines[1].startswith("1;'=Beroende;") and "Ägarnämnden" in lines[1]
    xlsx = client.get(reverse("architecture:impact-export", args=[hub.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))][:2] == [1, "=Beroende"]


def test_a_component_page_shows_what_stops_with_it(client, reader):
    database = Component.objects.create(name="Databasen", version="15")
    a, b = chain("Journalen", "Portalen")
    database.services.add(a)
    response = client.get(reverse("architecture:impact-component", args=[database.pk]))
    text = _text(response)
    assert response.status_code == 200 and "Vad som stannar om komponenten Databasen 15 stannar" in text
    assert "Journalen" in text and "Portalen" in text


def test_a_reader_sees_shielded_services_counted_not_named_and_no_impact_of_a_shielded_service(client, reader):
    owner = orgs.organisation()
    platform = service_factories.service(name="Plattformen")
    secret = service_factories.service(owner, name="Hemliga journalen")
    vis.classified(secret, 3)
    factories.dependency(service=secret, depends_on=platform)
    factories.dependency(service=service_factories.service(name="Öppna"), depends_on=platform)
    text = _text(client.get(reverse("architecture:impact", args=[platform.pk])))
    assert "Hemliga journalen" not in text and "Öppna" in text
    assert "1 av dem är en tjänst du inte får se i detalj." in text
    panel = _text(client.get(platform.get_absolute_url(), {"sections": "all"}))
    assert "Hemliga journalen" not in panel.split('id="impact"')[1]
    assert client.get(reverse("architecture:impact", args=[secret.pk])).status_code == 403
    assert "visas bara för" in _text(client.get(secret.get_absolute_url(), {"sections": "all"})).split('id="impact"')[1]
    client.force_login(orgs.user(editor_of=owner))
    assert "Hemliga journalen" in _text(client.get(reverse("architecture:impact", args=[platform.pk])))


def test_the_component_list_links_to_what_stops_with_each_component(client, reader):
    database = Component.objects.create(name="Databasen", version="15")
    text = _text(client.get(reverse("lifecycle:components")))
    assert f'href="{reverse("architecture:impact-component", args=[database.pk])}">Vad som stannar om den stannar' in text
