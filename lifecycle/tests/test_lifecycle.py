import datetime
import http.server
import json
import threading

import pytest

from core.tests.versions import if_match
from lifecycle import queries, support_data
from lifecycle.models import Component, SupportCycle, TestRecord
from organisations.tests import factories as orgs
from services import actions
from services.models import Service
from services.tests import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


def test_the_shipped_snapshot_is_loaded_by_the_migrations():
    cycle = SupportCycle.objects.get(product="windows-server", cycle="2019")
    assert cycle.eol == datetime.date(2029, 1, 9)
    assert SupportCycle.objects.filter(product="mssqlserver").count() >= 5


@pytest.mark.parametrize("product, version, entered, status", [
    ("mssqlserver", "12.0-sp3", None, queries.UNSUPPORTED),   # ended 2024-07-09
    ("windows-server", "2016", None, queries.ENDING),          # ends 2027-01-12
    ("rhel", "9", None, queries.SUPPORTED),
    ("", "7.1", None, queries.UNKNOWN),
    ("", "7.1", datetime.date(2026, 1, 1), queries.UNSUPPORTED),
    ("mssqlserver", "12.0-sp3", datetime.date(2028, 1, 1), queries.SUPPORTED),  # an entered date wins
])
def test_component_support_status(product, version, entered, status):
    component = Component.objects.create(name="X", product=product, version=version, support_ends=entered)
    assert queries.components_with_support(TODAY).get(pk=component.pk).status == status


def test_service_support_is_its_weakest_component():
    svc = factories.service()
    for version in ("2022", "2016"):
        Component.objects.create(name="Windows Server", product="windows-server", version=version).services.add(svc)
    assert queries.service_support(svc, TODAY) == (queries.ENDING, datetime.date(2027, 1, 12))


def _untested(**fields):
    return factories.service(phase="in_test", owner=orgs.organisation("HSN"), version="2.0", **fields)


def test_no_production_without_a_passed_test_of_the_current_version():
    svc = _untested()
    TestRecord.objects.create(service=svc, type="functional", version="1.0", performed_on=TODAY, result="passed")
    TestRecord.objects.create(service=svc, type="functional", version="2.0", performed_on=TODAY, result="failed")
    with pytest.raises(Exception) as error:
        actions.update_service(service=svc, phase="in_production")
    assert "2.0" in str(error.value)
    assert Service.objects.get(pk=svc.pk).phase == "in_test"
    TestRecord.objects.create(service=svc, type="integration", version="2.0", performed_on=TODAY, result="passed")
    actions.update_service(service=svc, phase="in_production")
    assert Service.objects.get(pk=svc.pk).phase == "in_production"


def test_no_production_without_a_version():
    svc = factories.service(phase="in_test", owner=orgs.organisation())
    with pytest.raises(Exception, match="version"):
        actions.update_service(service=svc, phase="in_production")


def test_api_refuses_production_without_test_with_a_clear_message(api):
    svc = _untested()
    api.force_authenticate(orgs.user(admin=True))
    url = f"/api/services/{svc.pk}/"
    response = api.patch(url, {"phase": "in_production"}, format="json", **if_match(api, url))
    assert response.status_code == 400
    assert "godkänt test" in response.json()["phase"][0]
    recorded = api.post("/api/tests/", {"service": svc.pk, "type": "functional", "version": "2.0",
                                        "performed_on": "2026-11-20", "result": "passed"}, format="json")
    assert recorded.status_code == 201
    assert api.patch(url, {"phase": "in_production"}, format="json", **if_match(api, url)).status_code == 200


def test_ui_refuses_production_without_test_with_a_clear_message(client):
    svc = _untested()
    client.force_login(orgs.user(admin=True))
    form = client.get(f"/tjanster/{svc.pk}/andra/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "categories"}
    data.update(phase="in_production", domain=svc.domain_id)
    response = client.post(f"/tjanster/{svc.pk}/andra/", data)
    assert "godkänt test" in " ".join(response.context["form"].errors["phase"])
    client.post(f"/livscykel/tjanster/{svc.pk}/tester/", {"type": "functional", "version": "2.0",
                                                           "performed_on": "2026-11-20", "result": "passed"})
    data["row_version"] = Service.objects.get(pk=svc.pk).row_version
    assert client.post(f"/tjanster/{svc.pk}/andra/", data).status_code == 302
    assert Service.objects.get(pk=svc.pk).phase == "in_production"


def test_only_the_owners_editors_record_tests(api):
    svc = _untested()
    api.force_authenticate(orgs.user(editor_of=orgs.organisation("OTHER")))
    response = api.post("/api/tests/", {"service": svc.pk, "type": "functional", "version": "2.0",
                                        "performed_on": "2026-11-20", "result": "passed"}, format="json")
    assert response.status_code == 403 and not TestRecord.objects.exists()


def test_refresh_fetches_over_http_and_rewrites_the_snapshot(tmp_path):
    body = json.dumps([{"cycle": "2025", "releaseDate": "2024-11-01", "support": "2029-10-09",
                        "eol": "2034-10-10"}, {"cycle": "1.0", "releaseDate": "2000-01-01", "eol": True}]).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200 if self.path == "/api/demo-os.json" else 404)
            self.end_headers()
            self.wfile.write(body if self.path == "/api/demo-os.json" else b"[]")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    snapshot = tmp_path / "endoflife.json"
    snapshot.write_text(json.dumps({"_source": "test"}))
    try:
        support_data.refresh(["demo-os"], url=f"http://127.0.0.1:{server.server_port}/api/{{product}}.json",
                             path=snapshot)
    finally:
        server.shutdown()
    assert json.loads(snapshot.read_text())["demo-os"][0]["eol"] == "2034-10-10"
    assert SupportCycle.objects.get(product="demo-os", cycle="2025").eol == datetime.date(2034, 10, 10)
    assert SupportCycle.objects.get(product="demo-os", cycle="1.0").eol is None


def test_refresh_without_network_says_so_and_keeps_the_snapshot(tmp_path):
    from django.core.management import CommandError, call_command

    before = support_data.SNAPSHOT.read_text()
    with pytest.raises(CommandError, match="snapshot is unchanged"):
        call_command("refresh_support_dates", "--url", "http://127.0.0.1:9/{product}.json")
    assert support_data.SNAPSHOT.read_text() == before


def test_a_test_cannot_be_dated_in_the_future_on_any_entry_point(api, client):
    """The hole: a test was recorded with a date in the future (and so could open the way to production)."""
    hsn = orgs.organisation("HSN")
    svc = factories.service(owner=hsn, phase="in_test", version="2.0")
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    editor = orgs.user(editor_of=hsn)
    api.force_authenticate(editor)
    body = {"service": svc.pk, "type": "functional", "version": "2.0", "performed_on": tomorrow, "result": "passed"}
    response = api.post("/api/tests/", body, format="json")
    assert response.status_code == 400 and "performed_on" in response.json()
    client.force_login(editor)
    page = client.post(f"/livscykel/tjanster/{svc.pk}/tester/", {**body, "environment": ""}, follow=True)
    assert "framtiden" in page.content.decode()
    assert not TestRecord.objects.filter(service=svc).exists()
    today = datetime.date.today().isoformat()
    assert api.post("/api/tests/", {**body, "performed_on": today}, format="json").status_code == 201



def test_a_recorded_test_returns_to_the_service_page_with_its_section_open(client):
    # The service page loads its sections on demand (issue 13): without `open` the editor would come back to a
    # closed section and an anchor that is not on the page (without JavaScript), or the page's script would load
    # every section to find it.
    svc = _untested()
    client.force_login(orgs.user(admin=True))
    response = client.post(f"/livscykel/tjanster/{svc.pk}/tester/", {
        "type": "functional", "version": "2.0", "performed_on": "2026-11-20", "result": "passed"})
    assert response.status_code == 302
    assert response["Location"] == f"/tjanster/{svc.pk}/?open=architecture#lifecycle"
    page = client.get(response["Location"]).text
    assert 'id="lifecycle"' in page and "2.0" in page and 'id="security"' not in page
