"""Funding models with their keys and drivers in the web interface: a fixed key must sum to exactly 100 % (checked
by the action whatever the page showed), the running sum re-rendered while typing, delete asks and names the keys."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from costs import actions
from costs.models import AllocationKey, Driver, FundingModel

from .factories_ui import finance_region, funding

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    return finance_region()


def _form(service="Journalsystemet (HSF-001)", method="fixed_key", keys=(), **extra):
    data = {"service": service, "year": "2026", "method": method, "driver": "", "funder": "", "decision": "",
            "keys-TOTAL_FORMS": "3", "keys-INITIAL_FORMS": "0", "keys-MIN_NUM_FORMS": "0", "keys-MAX_NUM_FORMS": "200"}
    for i, (organisation, percent) in enumerate(keys):
        data[f"keys-{i}-organisation"], data[f"keys-{i}-percent"] = organisation, percent
    return {**data, **extra}


def test_a_fixed_key_that_sums_to_100_is_stored(client, r):
    client.force_login(r["finance"])
    response = client.post("/kostnader/finansiering/ny/", _form(keys=[("HSN", "60,5"), ("SLSO", "39,5")]))
    assert response.status_code == 302
    model = FundingModel.objects.get()
    assert {k.organisation.code: k.percent for k in model.keys.all()} == {"HSN": Decimal("60.5"),
                                                                          "SLSO": Decimal("39.5")}


def test_a_key_that_does_not_reach_100_is_refused_and_nothing_stored(client, r):
    client.force_login(r["finance"])
    response = client.post("/kostnader/finansiering/ny/", _form(keys=[("HSN", "60"), ("SLSO", "30")]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nyckeln summerar till 90 %, inte 100 %." in page
    assert "⚠ Nyckeln summerar till 90 %" in page  # the running sum, in text and icon, not colour alone
    assert not FundingModel.objects.exists() and not AllocationKey.objects.exists()


def test_the_action_refuses_a_bad_key_whatever_the_page(r):
    model = FundingModel(service=r["journal"], year=2026, method=FundingModel.Method.FIXED_KEY)
    o = r["orgs"]
    with pytest.raises(ValidationError, match="100"):
        actions.save_funding_model(user=r["finance"], model=model, keys=[(o["HSN"], Decimal("99.99"))])
    with pytest.raises(ValidationError, match="en gång"):
        actions.save_funding_model(user=r["finance"], model=model, keys=[(o["HSN"], Decimal(50))] * 2)
    with pytest.raises(ValidationError):
        actions.save_funding_model(user=r["finance"], model=FundingModel(
            service=r["journal"], year=2026, method=FundingModel.Method.EQUAL_SHARE), keys=[(o["HSN"], Decimal(100))])
    with pytest.raises(PermissionDenied):
        actions.save_funding_model(user=r["editor"], model=model, keys=[(o["HSN"], Decimal(100))])
    assert not FundingModel.objects.exists()


def test_editing_the_key_keeps_its_history_and_checks_the_version(client, r):
    model = funding(r["journal"])
    AllocationKey.objects.create(funding_model=model, organisation=r["orgs"]["HSN"], percent=100)
    client.force_login(r["finance"])
    page = client.get(f"/kostnader/finansiering/{model.pk}/").content.decode()
    assert "✓ Nyckeln summerar till 100 %" in page
    form = _form(keys=[("HSN", "50"), ("TN", "50")], row_version="1")
    assert client.post(f"/kostnader/finansiering/{model.pk}/", form).status_code == 302
    assert sorted(model.keys.values_list("organisation__code", "percent")) == [("HSN", 50), ("TN", 50)]
    stale = client.post(f"/kostnader/finansiering/{model.pk}/", _form(keys=[("HSN", "100")], row_version="1"))
    assert stale.status_code == 400 and "Någon annan ändrade" in stale.content.decode()
    assert model.keys.count() == 2
    assert "Historik" in client.get(f"/kostnader/finansiering/{model.pk}/").content.decode()


def test_the_running_sum_is_a_fragment(client, r):
    client.force_login(r["reader"])
    fragment = client.post("/kostnader/finansiering/nyckelsumma/", _form(keys=[("HSN", "33,3"), ("TN", "x")]))
    assert fragment.status_code == 200
    assert "Nyckeln summerar till 33,3 %" in fragment.content.decode()
    assert client.post("/kostnader/finansiering/nyckelsumma/", {}).status_code == 200  # no rows, no 500


def test_a_volume_fee_needs_a_driver(client, r):
    client.force_login(r["finance"])
    response = client.post("/kostnader/finansiering/ny/", _form(method="volume"))
    assert response.status_code == 400 and not FundingModel.objects.exists()
    assert client.post("/kostnader/finansiering/ny/", _form(method="volume", driver="users")).status_code == 302


def test_delete_asks_and_names_the_keys_that_go(client, r):
    model = funding(r["journal"])
    AllocationKey.objects.create(funding_model=model, organisation=r["orgs"]["HSN"], percent=100)
    client.force_login(r["finance"])
    page = client.get(f"/kostnader/finansiering/{model.pk}/ta-bort/").content.decode()
    assert "1 fördelningsnycklar" in page or "1 allocation keys" in page or "fördelningsnyckl" in page
    assert FundingModel.objects.exists()
    client.post(f"/kostnader/finansiering/{model.pk}/ta-bort/")
    assert not FundingModel.objects.exists() and not AllocationKey.objects.exists()


def test_lists_and_who_may_change(client, r):
    funding(r["journal"])
    client.force_login(r["editor"])
    assert "Journalsystemet" in client.get("/kostnader/finansiering/", {"year": "2026"}).content.decode()
    assert client.get("/kostnader/finansiering/ny/").status_code == 403
    assert client.get("/kostnader/drivare/").status_code == 200
    assert client.post("/kostnader/drivare/ny/", {"code": "tx", "name": "Transaktioner"}).status_code == 403
    client.force_login(r["finance"])
    assert client.post("/kostnader/drivare/ny/", {"code": "tx", "name": "Transaktioner"}).status_code == 302
    driver = Driver.objects.get(code="tx")
    response = client.post("/kostnader/drivare/tx/", {"code": "tx", "name": "Transaktioner (st)", "row_version": "1"})
    assert response.status_code == 302
    driver.refresh_from_db()
    assert driver.name == "Transaktioner (st)"
    assert client.get("/kostnader/finansiering/", {"year": "abc"}).status_code == 400


def test_funding_in_common_names_its_decision_typed_with_suggestions(client, r):
    from decisions.tests.factories import decision

    hsn_decision = decision(registry_number="RS 2026-0412")
    client.force_login(r["finance"])
    form = client.get("/kostnader/finansiering/ny/").content.decode()
    assert 'name="decision"' in form and 'hx-get="/forslag/decision/"' in form
    assert "Beslut (RS 2026-0412)" in client.get("/forslag/decision/", {"decision": "RS 2026-0412"}).content.decode()
    unknown = client.post("/kostnader/finansiering/ny/", _form(method="common", funder="HSN", decision="RS 2099-0001"))
    assert unknown.status_code == 400 and not FundingModel.objects.exists()
    assert "Inget som heter RS 2099-0001 finns i registret" in unknown.content.decode()
    good = client.post("/kostnader/finansiering/ny/", _form(method="common", funder="HSN",
                                                             decision="Beslut (RS 2026-0412)"))
    assert good.status_code == 302 and FundingModel.objects.get().decision == hsn_decision
    edit = client.get(f"/kostnader/finansiering/{FundingModel.objects.get().pk}/").content.decode()
    assert 'value="Beslut (RS 2026-0412)"' in edit  # shown again as typed, not as a number
