import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from services.models import Service
from services.queries import owner_on
from styr import demo

pytestmark = pytest.mark.django_db

NAMED_IN_BILAGA_1 = [
    "ADA", "Ersmo", "Liston", "Elektroniska katalogen", "Kodservern", "Regional tjänsteplattform", "Kloka listan",
    "Hänvisningsstödet", "Janusinfo", "Janusmed", "1177 Vårdguiden", "1177 Vårdguidens e-tjänster", "Journalen",
    "Nationell patientöversikt", "Bild- och funktionstjänsten", "E-recept", "E-remiss", "Vaccinera", "FRAPP",
]


def test_demo_region_holds_every_service_of_bilaga_1_with_owners_as_the_seed_says():
    demo.build()
    names = set(Service.objects.values_list("name", flat=True))
    assert set(NAMED_IN_BILAGA_1) <= names
    today = datetime.date.today()
    assert owner_on(Service.objects.get(name="1177 Vårdguiden"), today).code == "INERA"
    assert owner_on(Service.objects.get(name="Ersmo"), today).code == "HSN"
    eremiss = Service.objects.get(name="E-remiss")
    assert owner_on(eremiss, datetime.date(2021, 6, 1)).code == "HSN"
    assert owner_on(eremiss, today).code == "SLSO"
    assert Service.objects.get(name="Journalen").categories.get().code == "hsf-4"


def test_demo_command_refuses_a_filled_register_unless_if_empty():
    call_command("demo", verbosity=0)
    call_command("demo", "--if-empty", verbosity=0)
    with pytest.raises(Exception, match="not empty"):
        call_command("demo", verbosity=0)


def test_the_demo_auditor_reads_the_audit_log_and_may_change_nothing(client):
    from core import access

    demo.build()
    revisor = get_user_model().objects.get(username="revisor")
    assert access.is_auditor(revisor) and not access.may_register(revisor)
    client.force_login(revisor)
    assert client.get("/granskning/").status_code == 200
    assert client.get("/tjanster/ny/").status_code == 403
