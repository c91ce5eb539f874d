import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.db.models import Sum

from costs import actions, exports, queries
from costs.models import AllocationKey, AllocationLine, CostLine, Driver, FundingModel, Usage
from decisions.tests import factories as gov
from organisations.tests import factories as orgs
from services.models import Consumer
from services.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    o = {code: orgs.organisation(code, name=f"Nämnd {code}") for code in ("HSN", "SLSO", "KS", "SOS")}
    users = Driver.objects.create(code="users", name="Användare")
    return o, users


def cost(service, amount_ore, year=2026, cost_type="operations", figure="outcome"):
    return CostLine.objects.create(service=service, year=year, cost_type=cost_type, figure=figure,
                                   amount_ore=amount_ore)


def lines_of(run, service):
    return dict(AllocationLine.objects.filter(run=run, service=service).values_list("organisation__code")
                .annotate(s=Sum("amount_ore")).order_by())


def test_volume_model_splits_to_the_ore_and_the_run_adds_up(region):
    o, users = region
    svc = factories.service(owner=o["HSN"])
    cost(svc, 100_000_01)  # 100 000,01 kr
    cost(svc, 33_33, cost_type="licences")
    FundingModel.objects.create(service=svc, year=2026, method="volume", driver=users)
    for code, volume in (("SLSO", 1), ("KS", 1), ("SOS", 1)):
        Usage.objects.create(service=svc, year=2026, organisation=o[code], driver=users, volume=volume)
    run = actions.run_allocation(year=2026)
    assert run.total_cost_ore == run.allocated_ore == 100_000_01 + 33_33
    assert sum(lines_of(run, svc).values()) == 100_000_01 + 33_33
    per_type = AllocationLine.objects.filter(run=run, cost_type="operations").order_by("organisation__code")
    assert [line.amount_ore for line in per_type] == [33_333_34, 33_333_34, 33_333_33]  # KS, SLSO, SOS


def test_volume_falls_back_to_the_register_consumers_in_the_drivers_unit(region):
    o, users = region
    svc = factories.service(owner=o["HSN"])
    cost(svc, 1000_00)
    FundingModel.objects.create(service=svc, year=2026, method="volume", driver=users)
    Consumer.objects.create(service=svc, organisation=o["SLSO"], volume=300, unit="users")
    Consumer.objects.create(service=svc, organisation=o["KS"], volume=100, unit="users")
    Consumer.objects.create(service=svc, organisation=o["SOS"], volume=0, unit="users")
    run = actions.run_allocation(year=2026)
    assert lines_of(run, svc) == {"SLSO": 750_00, "KS": 250_00}
    assert {"service_id": svc.pk, "problem": "zero_volume", "organisation_id": o["SOS"].pk} in run.problems


def test_fixed_key_and_a_key_that_does_not_sum_to_100(region):
    o, _ = region
    good, bad = factories.service(owner=o["HSN"]), factories.service(owner=o["HSN"])
    for svc in (good, bad):
        cost(svc, 999_99)
    model = FundingModel.objects.create(service=good, year=2026, method="fixed_key")
    for code, percent in (("SLSO", "40"), ("KS", "35"), ("SOS", "25")):
        AllocationKey.objects.create(funding_model=model, organisation=o[code], percent=percent)
    broken = FundingModel.objects.create(service=bad, year=2026, method="fixed_key")
    AllocationKey.objects.create(funding_model=broken, organisation=o["KS"], percent="95")
    run = actions.run_allocation(year=2026)
    assert lines_of(run, good) == {"SLSO": 399_99, "KS": 350_00, "SOS": 250_00}  # largest remainders: .75, .65
    assert lines_of(run, bad) == {}
    assert {"service_id": bad.pk, "problem": "key_not_100", "detail": "95.0000 %"} in run.problems
    assert run.total_cost_ore - run.allocated_ore == 999_99


def test_common_funding_and_equal_share(region):
    o, _ = region
    common, shared = factories.service(owner=o["HSN"]), factories.service(owner=o["HSN"])
    cost(common, 500_00)
    cost(shared, 100_00)
    FundingModel.objects.create(service=common, year=2026, method="common", funder=o["HSN"],
                                decision=gov.decision(registry_number="RS 2020-0242"))
    FundingModel.objects.create(service=shared, year=2026, method="equal_share")
    for code in ("SLSO", "KS", "SOS"):
        Consumer.objects.create(service=shared, organisation=o[code], volume=5)
    run = actions.run_allocation(year=2026)
    assert lines_of(run, common) == {"HSN": 500_00}
    assert lines_of(run, shared) == {"SLSO": 33_34, "KS": 33_33, "SOS": 33_33}  # a tie: the oldest organisation


def test_free_goods_are_problems_and_stay_unallocated(region):
    o, _ = region
    no_model, no_consumers = factories.service(owner=o["HSN"]), factories.service(owner=o["HSN"])
    cost(no_model, 10_00)
    cost(no_consumers, 20_00)
    FundingModel.objects.create(service=no_consumers, year=2026, method="equal_share")
    run = actions.run_allocation(year=2026)
    assert {p["problem"] for p in run.problems} == {"no_funding_model", "no_consumers"}
    assert (run.total_cost_ore, run.allocated_ore) == (30_00, 0)


def test_the_database_refuses_models_without_what_they_need(region):
    o, _ = region
    svc = factories.service(owner=o["HSN"])
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingModel.objects.create(service=svc, year=2026, method="volume")
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingModel.objects.create(service=svc, year=2026, method="common", funder=o["HSN"])
    with pytest.raises(IntegrityError), transaction.atomic():
        cost(svc, -1)


def test_a_run_is_reproducible(region):
    o, users = region
    svc = factories.service(owner=o["HSN"])
    cost(svc, 12_345_67)
    FundingModel.objects.create(service=svc, year=2026, method="volume", driver=users)
    for code, volume in (("SLSO", "3.5"), ("KS", "1.25"), ("SOS", "7")):
        Usage.objects.create(service=svc, year=2026, organisation=o[code], driver=users, volume=Decimal(volume))
    first, second = actions.run_allocation(year=2026), actions.run_allocation(year=2026)
    assert lines_of(first, svc) == lines_of(second, svc)


def test_year_over_year_comparison_names_the_cause(region):
    o, users = region
    svc = factories.service(owner=o["HSN"], name="E-recept")
    for year, amount, volumes in ((2025, 1000_00, (1, 1)), (2026, 2000_00, (1, 3))):
        cost(svc, amount, year=year)
        FundingModel.objects.create(service=svc, year=year, method="volume", driver=users)
        for code, volume in zip(("SLSO", "KS"), volumes, strict=True):
            Usage.objects.create(service=svc, year=year, organisation=o[code], driver=users, volume=volume)
    before, after = actions.run_allocation(year=2025), actions.run_allocation(year=2026)
    rows = {r["service"].name: r for r in queries.comparison(after, before, o["KS"])}
    row = rows["E-recept"]
    assert (row["before"], row["after"]) == (500_00, 1500_00)
    assert row["cost_effect"] + row["volume_effect"] == row["change"] == 1000_00
    assert (row["cost_effect"], row["volume_effect"], row["reason"]) == (500_00, 500_00, "cost")


def test_xlsx_and_csv_open_as_excel_reads_them(region):
    o, users = region
    svc = factories.service(owner=o["HSN"], name="Elektroniska katalogen", external_id="HSF-010")
    cost(svc, 1234_56)
    FundingModel.objects.create(service=svc, year=2026, method="volume", driver=users)
    Usage.objects.create(service=svc, year=2026, organisation=o["KS"], driver=users, volume=10)
    Usage.objects.create(service=svc, year=2026, organisation=o["SLSO"], driver=users, volume=30)
    run = actions.run_allocation(year=2026)
    stream = io.BytesIO()
    exports.write_xlsx(run, queries.bill_lines(run), stream)
    rows = list(openpyxl.load_workbook(io.BytesIO(stream.getvalue())).active.iter_rows(values_only=True))
    assert rows[0] == tuple(exports.HEADER)
    assert sum(Decimal(str(r[-1])) for r in rows[1:]) == Decimal("1234.56")
    text = io.StringIO()
    exports.write_csv(run, queries.bill_lines(run), text, decimal_comma=True)
    raw = text.getvalue().encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == exports.HEADER
    by_org = {r[1]: r for r in table[1:]}
    assert by_org["KS"][-1] == "308,64" and by_org["SLSO"][-1] == "925,92"
    assert by_org["KS"][3] == "HSF-010" and by_org["KS"][9] == "25.0000".replace(".", ",") and by_org["KS"][8] == "10"


def test_commands_allocate_and_export(region, tmp_path):
    o, _ = region
    svc = factories.service(owner=o["HSN"])
    cost(svc, 300_00)
    FundingModel.objects.create(service=svc, year=2026, method="common", funder=o["SLSO"], decision=gov.decision())
    out = io.StringIO()
    call_command("allocate", "--year", "2026", stdout=out, verbosity=0)
    assert "300.00 kr allocated" in out.getvalue()
    target = tmp_path / "fordelning.csv"
    call_command("export_data", "allocation", "--year", "2026", "--format", "csv", "-o", str(target))
    assert "SLSO" in target.read_text(encoding="utf-8-sig")
    with pytest.raises(CommandError, match="2024"):
        call_command("export_data", "allocation", "--year", "2024", "--format", "csv", "-o", str(target))


def test_pages_and_permissions(client, region):
    o, _ = region
    svc = factories.service(owner=o["HSN"], name="RTP")
    cost(svc, 300_00)
    FundingModel.objects.create(service=svc, year=2026, method="common", funder=o["SLSO"], decision=gov.decision())
    client.force_login(orgs.user(editor_of=o["HSN"]))
    assert client.post("/kostnader/korning/", {"year": "2026"}).status_code == 403
    client.force_login(orgs.user(finance=True))
    response = client.post("/kostnader/korning/", {"year": "2026"}, follow=True)
    run = response.context["run"]
    assert "300,00" in response.content.decode()
    bill = client.get(f"/kostnader/korning/{run.pk}/SLSO/").content.decode()
    assert "RTP" in bill and "300,00" in bill
    assert "RTP" in client.get(svc.get_absolute_url()).content.decode()
    export = client.get(f"/kostnader/korning/{run.pk}/export.csv", {"organisation": "SLSO", "decimal_comma": "1"})
    assert export.content.startswith(b"\xef\xbb\xbf") and b"300,00" in export.content


def test_volumes_with_decimals_are_read_exactly(region):
    o, users = region
    svc = factories.service(owner=o["HSN"])
    cost(svc, 100_00)
    FundingModel.objects.create(service=svc, year=2026, method="volume", driver=users)
    # 0.29 is not exact in binary floating point; read as hundredths it must still be 29.
    Usage.objects.create(service=svc, year=2026, organisation=o["KS"], driver=users, volume=Decimal("0.29"))
    Usage.objects.create(service=svc, year=2026, organisation=o["SLSO"], driver=users, volume=Decimal("0.71"))
    run = actions.run_allocation(year=2026)
    assert lines_of(run, svc) == {"KS": 29_00, "SLSO": 71_00}
    assert AllocationLine.objects.get(run=run, organisation=o["KS"]).volume == Decimal("0.29")


def test_import_costs_and_usage_names_bad_rows_stores_nothing_and_reimports_unchanged(region, tmp_path):
    o, users = region
    factories.service(owner=o["HSN"], external_id="HSF-010")
    costs_file = tmp_path / "kostnader.csv"
    costs_file.write_text("service;year;cost_type;figure;amount_sek\nHSF-010;2026;licences;outcome;1 234,56\n"
                          "HSF-010;2026;operations;outcome;-5\nNOPE;2026;operations;outcome;10\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("import_data", "costs", str(costs_file), stderr=err, verbosity=0)
    assert "row 3, column amount_sek" in err.getvalue() and "row 4, column service" in err.getvalue()
    assert not CostLine.objects.exists()
    costs_file.write_text("service;year;cost_type;figure;amount_sek\nHSF-010;2026;licences;outcome;1 234,56\n",
                          encoding="utf-8")
    out = io.StringIO()
    call_command("import_data", "costs", str(costs_file), stdout=out, verbosity=0)
    assert CostLine.objects.get().amount_ore == 1234_56
    call_command("import_data", "costs", str(costs_file), stdout=out, verbosity=0)
    assert "unchanged 1" in out.getvalue()
    usage_file = tmp_path / "volymer.csv"
    usage_file.write_text("service;year;organisation;driver;volume\nHSF-010;2026;KS;users;12,5\n", encoding="utf-8")
    call_command("import_data", "usage", str(usage_file), stdout=io.StringIO(), verbosity=0)
    assert Usage.objects.get().volume == Decimal("12.5") and Usage.objects.get().row_version == 1
    usage_file.write_text("service;year;organisation;driver;volume\nHSF-010;2026;KS;users;13\n", encoding="utf-8")
    call_command("import_data", "usage", str(usage_file), stdout=io.StringIO(), verbosity=0)
    assert Usage.objects.get().volume == 13 and Usage.objects.get().row_version == 2  # an update is a new version


def test_an_import_of_many_rows_stores_them_together_with_their_history(region, tmp_path):
    o, users = region
    services = [factories.service(owner=o["HSN"], external_id=f"HSF-{n:03}") for n in range(40)]
    rows = "".join(f"{s.external_id};2026;{code};users;{n},5\n"
                   for n, s in enumerate(services) for code in ("KS", "SLSO", "HSN"))
    usage_file = tmp_path / "volymer.csv"
    usage_file.write_text("service;year;organisation;driver;volume\n" + rows, encoding="utf-8")
    call_command("import_data", "usage", str(usage_file), stdout=io.StringIO(), verbosity=0)
    assert Usage.objects.count() == 120 and Usage.history.filter(history_type="+").count() == 120
    assert Usage.objects.get(service=services[7], organisation=o["SLSO"]).volume == Decimal("7.5")
    assert {h.id for h in Usage.history.all()} == set(Usage.objects.values_list("pk", flat=True))


def test_costs_api_in_kronor_and_for_administrators_only(api, region):
    o, users = region
    svc = factories.service(owner=o["HSN"], external_id="HSF-010")
    api.force_authenticate(orgs.user(editor_of=o["HSN"]))
    payload = {"service": "HSF-010", "year": 2026, "cost_type": "licences", "figure": "budget",
               "amount_sek": "1000.50"}
    assert api.post("/api/costs/", payload, format="json").status_code == 403
    api.force_authenticate(orgs.user(finance=True))
    created = api.post("/api/costs/", payload, format="json")
    assert created.status_code == 201 and created.json()["amount_sek"] == "1000.50"
    assert CostLine.objects.get().amount_ore == 1000_50
    again = api.post("/api/costs/", payload, format="json")
    assert again.status_code == 400 and "cost_type" in again.json()
    bad_key = api.post("/api/funding-models/", {"service": svc.pk, "year": 2026, "method": "fixed_key",
                                                "keys": [{"organisation": "KS", "percent": "60"}]}, format="json")
    assert bad_key.status_code == 400 and "keys" in bad_key.json()


def test_free_goods_rule(region):
    import datetime

    from core import registry

    o, _ = region
    today = datetime.date(2026, 11, 22)
    svc = factories.service(owner=o["HSN"])
    rule = registry.RULES["R10-FINANSIERING"]
    assert not rule.applicable(today).filter(pk=svc.pk).exists()  # no cost, nothing to carry
    cost(svc, 10_00)
    assert rule.failing(today).filter(pk=svc.pk).exists()
    FundingModel.objects.create(service=svc, year=2026, method="equal_share")
    assert not rule.failing(today).filter(pk=svc.pk).exists()


def test_a_service_named_by_a_digit_that_is_not_ascii_is_400_not_500(api, region):
    api.force_authenticate(orgs.user(admin=True))
    response = api.post("/api/costs/", {"service": "²", "year": 2026, "cost_type": "operations",
                                        "figure": "outcome", "amount_sek": "1.00"}, format="json")
    assert response.status_code == 400 and "service" in response.json()


def test_a_run_stores_its_total_per_organisation_and_its_page_reads_them(client, region, django_assert_num_queries):
    """The run page's region summary reads the totals the run stored with its lines, largest first; a run whose
    lines were written otherwise (before costs 0009) is grouped from its lines, and the migration stores them."""
    from django.apps import apps

    migration = __import__("costs.migrations.0009_run_organisation_totals", fromlist=["store_totals"])
    o, users = region
    for name, amount, volumes in (("A", 900, {"SLSO": 2, "KS": 1}), ("B", 50, {"SOS": 1, "KS": 1})):
        svc = factories.service(owner=o["HSN"], name=name)
        cost(svc, amount)
        FundingModel.objects.create(service=svc, year=2026, method="volume", driver=users)
        for code, volume in volumes.items():
            Usage.objects.create(service=svc, year=2026, organisation=o[code], driver=users, volume=volume)
    run = actions.run_allocation(year=2026)
    expected = [[o["SLSO"].pk, 600], [o["KS"].pk, 325], [o["SOS"].pk, 25]]
    assert run.organisation_totals == expected
    assert queries.organisation_totals(run) == expected  # the same as grouping the lines
    with django_assert_num_queries(1):  # the organisations' names; no grouping of the lines
        assert [(org.code, amount) for org, amount in queries.summary(run)] == [("SLSO", 600), ("KS", 325),
                                                                                  ("SOS", 25)]
    run.organisation_totals = None
    run.save(update_fields=["organisation_totals"])
    assert [(org.code, amount) for org, amount in queries.summary(run)] == [("SLSO", 600), ("KS", 325), ("SOS", 25)]
    migration.store_totals(apps, None)
    run.refresh_from_db()
    assert run.organisation_totals == expected
    client.force_login(orgs.user())
    page = client.get(f"/kostnader/korning/{run.pk}/").content.decode()
    assert page.index("Nämnd SLSO") < page.index("Nämnd KS") < page.index("Nämnd SOS")
