"""The rules as pages, API and `styr check`."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from organisations.tests import factories as orgs
from services.tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def hsn():
    return orgs.organisation("HSN")


def test_check_command_json_and_exit_code(hsn):
    factories.service(owner=hsn, name="Otestad")
    out = io.StringIO()
    with pytest.raises(SystemExit) as stop:
        call_command("check_rules", "--json", "--rule", "R05-TESTAD", stdout=out)
    assert stop.value.code == 1
    document = json.loads(out.getvalue())
    assert document["rules"][0]["id"] == "R05-TESTAD" and document["rules"][0]["failing"] == 1
    assert document["findings"][0]["service"] == "Otestad" and document["findings"][0]["owner"] == "HSN"
    out = io.StringIO()
    call_command("check_rules", "--rule", "R02-FORVALTNINGSLEDARE", stdout=out)  # warnings only: exit 0
    assert "1 findings, 0 blocking" in out.getvalue()


def test_check_command_refuses_an_unknown_rule():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="R99"):
        call_command("check_rules", "--rule", "R99", stdout=io.StringIO())


def test_rules_findings_and_scorecard_pages_and_api(client, api, hsn):
    factories.service(owner=hsn, name="Ersmo")
    client.force_login(orgs.user())
    assert "R05-TESTAD" in client.get("/styrning/regler/").content.decode()
    page = client.get("/styrning/avvikelser/", {"rule": "R05-TESTAD", "owner": "HSN"}).content.decode()
    assert "Ersmo" in page and "blockerande" in page  # the severity in words, not only colour
    assert "R05-TESTAD" in client.get("/styrning/styrkort/organisation/HSN/").content.decode()
    api.force_authenticate(orgs.user())
    card = {r["id"]: r for r in api.get("/api/scorecards/organisations/HSN/").json()}
    assert (card["R05-TESTAD"]["applicable"], card["R05-TESTAD"]["failing"]) == (1, 1)
    found = api.get("/api/findings/", {"owner": "HSN", "severity": "blocking"}).json()["results"]
    assert {f["rule"] for f in found} >= {"R05-TESTAD"} and all(f["severity"] == "blocking" for f in found)
    assert api.get("/api/findings/", {"rule": "R99"}).status_code == 400
    assert api.get("/api/findings/", {"owner": "NOSUCH"}).status_code == 400
    assert api.get("/api/scorecards/other/HSN/").status_code == 404
