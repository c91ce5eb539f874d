"""The demo's process map: one overlap, a planned service with its needs mapping, and R19 at work."""

import datetime

import pytest

from core import registry
from styr import demo

from .. import rules
from ..models import NeedsMapping, Process

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_process_map_one_overlap_and_needs_mappings():
    services = demo.build()
    today = datetime.date.today()
    assert Process.objects.filter(code="1.1.3").get().services.count() == 2
    failing = set(registry.RULES["R18-OVERLAPP"].failing(today).values_list("external_id", flat=True))
    assert failing == {"DEMO-TOLK-SLSO", "DEMO-TOLK-KS"}  # one overlap, told to both owners
    overlaps = rules.overlaps([services["DEMO-TOLK-SLSO"].pk], today)
    assert [(p.code, other.external_id) for _s, p, other in overlaps] == [("1.1.3", "DEMO-TOLK-KS")]
    mapping = NeedsMapping.objects.get(service__external_id="DEMO-TOLK-RS")
    assert mapping.candidates.count() == 2 and all(c.reason for c in mapping.candidates.all())
    r19 = set(registry.RULES["R19-BEHOVSANALYS"].failing(today).values_list("external_id", flat=True))
    assert r19 == {"HSF-024"}  # in test without a mapping; KS-01 in development has its mapping


def test_the_demo_pages_answer(client):
    demo.build()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="slso"))
    assert "Boka tolk" in client.get("/arkitektur/processer/").content.decode()
    page = client.get("/arkitektur/behov/", {"processes": "1.1.3"}).content.decode()
    assert "Tolkportalen SLSO" in page and "Regiongemensam tolkförmedling" in page
    planned = NeedsMapping.objects.get(service__external_id="DEMO-TOLK-RS").service
    assert client.get(f"/arkitektur/behov/tjanst/{planned.pk}/").status_code == 200
