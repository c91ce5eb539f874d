"""A service's history page: paged, and the same number of queries for 5 records as for 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.tests import factories as orgs
from services import actions
from services.models import Consumer, RoleAssignment, Service
from services.tests import factories

pytestmark = pytest.mark.django_db


def edited(service, edits, consumers):
    """`edits` changes of the service's facts, and consumers (each with its organisation) added and changed."""
    for n in range(edits):
        service = actions.update_service(service=service, supplier=f"Leverantör {n}")
    for n in range(consumers):
        consumer = Consumer.objects.create(service=service, organisation=orgs.organisation(), volume=n)
        consumer.volume = n + 1
        consumer.save()
    RoleAssignment.objects.create(service=service, role="service_owner", person_name="Anna Berg")
    return service


def queries_for(client, service, query=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/tjanster/{service.pk}/historik/", query or {})
    assert response.status_code == 200
    return len(captured), response


def test_the_history_page_reads_the_same_queries_for_5_or_200_records(client):
    client.force_login(orgs.user())
    short = edited(factories.service(name="Kort historik"), 1, 1)
    long = edited(factories.service(name="Lång historik"), 150, 28)
    short_count, response = queries_for(client, short)
    assert response.context["page"].paginator.count < 10
    long_count, response = queries_for(client, long)
    assert response.context["page"].paginator.count >= 200
    assert long_count == short_count
    assert len(response.context["history"]) == 50 and response.context["page"].paginator.num_pages >= 4
    page = response.content.decode()
    assert "Historik: Lång historik" in page and "Anna Berg" in page
    last = queries_for(client, long, {"page": "99"})[1]
    assert last.context["page"].number == last.context["page"].paginator.num_pages
    assert "Skapad" in last.content.decode() or "skapad" in last.content.decode()


def test_history_labels_name_related_records_without_reading_them_one_by_one(client):
    client.force_login(orgs.user())
    service = edited(factories.service(name="Journalen"), 0, 3)
    page = client.get(f"/tjanster/{service.pk}/historik/").content.decode()
    assert "→ Journalen" in page  # a consumer reads "organisation → service"


def test_a_deleted_service_keeps_its_history_page_and_an_unknown_one_is_not_found(client):
    client.force_login(orgs.user(admin=True))
    service = factories.service(name="Borttagen tjänst")
    pk = service.pk
    actions.delete_service(service=Service.objects.get(pk=pk))
    response = client.get(f"/tjanster/{pk}/historik/")
    assert response.status_code == 200 and "Historik: Borttagen tjänst" in response.content.decode()
    assert client.get("/tjanster/999999/historik/").status_code == 404


def test_the_history_page_needs_a_signed_in_reader(client):
    service = factories.service()
    response = client.get(f"/tjanster/{service.pk}/historik/")
    assert response.status_code == 302 and "/logga-in/" in response["Location"]
