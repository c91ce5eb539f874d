"""The yearly follow-up in Debian's Chromium (issue 10): the governance office enters a forecast that deviates
from target, is taken to the deviation and asked for an analysis of causes and an action plan, gives both, and
the deviation's R17 finding is gone from the findings page; then downloads the year's bokslut, which reports the
deviation with its plan."""

import re
import subprocess

import pytest

from conftest import sign_in
from indicators.models import Deviation
from styr import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_enters_a_deviating_forecast_and_answers_it_with_analysis_and_plan(page, live_server):
    demo.build()
    sign_in(page, live_server, "admin")  # the governance office
    page.get_by_role("link", name="Indikatorer").first.click()
    page.get_by_role("link", name="Andel invånare som använder 1177:s e-tjänster").click()
    page.wait_for_selector("text=Visa siffrorna som tabell")  # the chart with its table one click away
    page.get_by_role("link", name="Ange prognosen för 2026").click()
    page.get_by_label(re.compile(r"^Prognos")).fill("50")
    page.get_by_label("Kommentar till prognosen").fill("Inloggningarna har planat ut under hösten.")
    page.get_by_role("button", name="Spara").click()

    # Straight to the deviation, asked for an analysis and a plan.
    page.wait_for_selector("text=Prognosen avviker från målet med mer än avvikelsegränsen")
    deviation = Deviation.objects.get(indicator__code="e-tjanster-1177", basis="forecast", year=2026)
    assert page.url.endswith(deviation.get_absolute_url())
    assert page.get_by_text("Avvikelsen kräver en orsaksanalys och en handlingsplan").is_visible()

    # It is a finding of R17 until both are there.
    page.goto(f"{live_server.url}/styrning/avvikelser/?rule=R17-HANDLINGSPLAN")
    # One finding, its label and its fix link both leading to the deviation.
    assert page.locator("tbody tr", has=page.locator(f'a[href="{deviation.get_absolute_url()}"]')).count() == 1
    page.locator(f'a[href="{deviation.get_absolute_url()}"]').first.click()

    page.get_by_label("Orsaksanalys").fill("Exempel: e-tjänsterna för barnvaccinationer lanserades inte i år.")
    page.get_by_role("button", name="Spara analysen").click()
    page.wait_for_selector("text=Orsaksanalysen sparades.")
    page.get_by_label(re.compile(r"^Åtgärd")).fill("Lansera e-tjänsten för vaccinationsbokning.")
    page.get_by_label("Ansvarig").fill("Förvaltningsledare 1177")
    page.get_by_label("Klart senast").fill("2027-03-31")
    page.get_by_role("button", name="Lägg till åtgärden").click()
    page.wait_for_selector("text=Åtgärden lades till i handlingsplanen.")
    assert page.get_by_text("Avvikelsen kräver en orsaksanalys och en handlingsplan").count() == 0

    # The finding is gone; the demo's other deviation (the board's, without a plan) is still one.
    page.goto(f"{live_server.url}/styrning/avvikelser/?rule=R17-HANDLINGSPLAN")
    page.wait_for_selector("text=1 avvikelse")
    assert page.locator(f'a[href="{deviation.get_absolute_url()}"]').count() == 0
    assert page.locator("tbody tr", has_text="Andel vårdgivare anslutna till nationell patientöversikt").count() == 1

    # The bokslut for the year, from the menu, as the PDF a board puts on its agenda.
    page.get_by_role("link", name="Rapporter").first.click()
    page.get_by_label(re.compile(r"^År")).fill("2026")
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ned PDF").click()
    assert download.value.suggested_filename == "bokslut-2026.pdf"
    path = download.value.path()
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Digitaliserings- och innovationsbokslut" in text
    assert "Lansera e-tjänsten för vaccinationsbokning." in text  # the plan made above
