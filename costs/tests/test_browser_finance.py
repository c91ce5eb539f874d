"""Finance's journey in a real browser (issue 13): enter a cost line, set a fixed key that sums to 100 %, upload
usage from Excel with one bad row (refused, named), fix it, run the allocation, mark it final, download the bill."""

import io

import openpyxl
import pytest

from conftest import sign_in
from costs.models import AllocationRun, CostLine, Usage
from organisations.tests import factories as orgs
from styr.demo import DEMO_PASSWORD

from .factories_ui import finance_region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _usage_file(path, organisation_of_second_row):
    book = openpyxl.Workbook()
    book.active.append(["service", "year", "organisation", "driver", "volume"])
    book.active.append(["HSF-001", 2026, "HSN", "users", "1200"])
    book.active.append(["HSF-001", 2026, organisation_of_second_row, "users", "800,5"])
    book.save(path)
    return str(path)


def test_finance_allocates_a_year_and_marks_it_final(page, live_server, tmp_path):
    finance_region()
    orgs.user("ekonomen", finance=True, password=DEMO_PASSWORD)
    sign_in(page, live_server, "ekonomen")

    # A cost line, the service typed with suggestions, the amount in kronor with a decimal comma.
    page.goto(f"{live_server.url}/kostnader/rader/")
    page.get_by_role("link", name="Lägg till en kostnadsrad").click()
    service = page.get_by_label("Tjänst")
    service.fill("Journal")
    page.wait_for_selector("#service-options option[value='Journalsystemet (HSF-001)']", state="attached")
    service.fill("Journalsystemet (HSF-001)")
    page.get_by_label("År").fill("2026")
    page.get_by_label("Budget eller utfall").select_option(label="Utfall")
    page.get_by_label("Kostnadsslag").select_option(label="Licenser")
    page.get_by_label("Belopp (kr)").fill("1 234 567,50")
    page.get_by_role("button", name="Spara kostnadsraden").click()
    page.wait_for_selector("text=Kostnadsraden sparades.")
    assert CostLine.objects.get().amount_ore == 123456750

    # A fixed key: the running sum says when it reaches 100 %.
    page.goto(f"{live_server.url}/kostnader/finansiering/ny/")
    page.get_by_label("Tjänst").fill("Journalsystemet (HSF-001)")
    page.get_by_label("År").fill("2026")
    page.get_by_label("Finansieringsmodell").select_option(label="Fast fördelningsnyckel")
    page.get_by_label("Organisation, rad 1").fill("HSN")
    page.get_by_label("Procent, rad 1").fill("60")
    page.wait_for_selector("#key-sum:has-text('Nyckeln summerar till 60 %')")
    page.get_by_label("Organisation, rad 2").fill("SLSO")
    page.get_by_label("Procent, rad 2").fill("40")
    page.wait_for_selector("#key-sum:has-text('✓ Nyckeln summerar till 100 %')")
    page.get_by_role("button", name="Spara finansieringsmodellen").click()
    page.wait_for_selector("text=Finansieringsmodellen sparades.")

    # Usage from Excel: one bad row refuses the file and is named; the fixed file is stored.
    page.goto(f"{live_server.url}/kostnader/forbrukning/uppladdning/")
    page.locator("input[type=file]").set_input_files(_usage_file(tmp_path / "fel.xlsx", "FINNS-EJ"))
    page.get_by_role("button", name="Ladda upp", exact=True).click()
    page.wait_for_selector("text=1 rad är ogiltig; inget sparades.")
    rejected = page.locator("table:has(caption) tbody").inner_text()
    assert "3" in rejected and "organisation" in rejected
    assert not Usage.objects.exists()
    page.locator("input[type=file]").set_input_files(_usage_file(tmp_path / "ratt.xlsx", "SLSO"))
    page.get_by_role("button", name="Ladda upp", exact=True).click()
    page.wait_for_selector("text=Skapade 2")
    assert Usage.objects.count() == 2

    # Run the allocation, mark it final, download the bill.
    page.goto(f"{live_server.url}/kostnader/")
    page.get_by_label("År").fill("2026")
    page.get_by_label("Budget eller utfall").select_option(label="Utfall")
    page.get_by_role("button", name="Kör fördelningen").click()
    page.get_by_role("button", name="Markera som slutlig").click()
    page.wait_for_selector("text=Körningen är markerad som slutlig")
    assert "✓ Slutlig" in page.locator("dl.facts").inner_text()
    assert AllocationRun.objects.get().is_final
    with page.expect_download() as download:
        page.get_by_role("link", name="Hela regionen till Excel").click()
    rows = list(openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active.values)
    header, lines = rows[0], rows[1:]
    amounts = {line[header.index("organisation_code")]: line[header.index("amount_sek")] for line in lines}
    assert {code: str(amount) for code, amount in amounts.items()} == {"HSN": "740740.5", "SLSO": "493827"}
