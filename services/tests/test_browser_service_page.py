"""The service page in a real browser (issue 13): its sections open by keyboard and load on demand, a consumer's
volume is changed in place, and no page is wider than a 390 px phone."""

import pytest

from conftest import sign_in
from services.models import Consumer
from styr import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sections_open_by_keyboard_and_a_volume_is_changed_in_place(page, live_server):
    services = demo.build()
    ersmo = services["HSF-002"]
    consumer = Consumer.objects.filter(service=ersmo).select_related("organisation").order_by("pk").first()
    sign_in(page, live_server, "hsn")
    page.goto(f"{live_server.url}{ersmo.get_absolute_url()}")
    # Closed, the page is about one screen: the facts and one line per section.
    assert page.evaluate("document.documentElement.scrollHeight") < 1600
    assert page.locator("#s-costs .section-body table").count() == 0  # not loaded until opened
    summary = page.locator("#s-consumers > summary")
    summary.focus()
    page.keyboard.press("Enter")
    row = page.locator(f"#consumer-{consumer.pk}")
    row.wait_for()
    row.get_by_role("link", name=f"Ändra volymen för {consumer.organisation}").press("Enter")
    field = page.get_by_label(f"Användningsvolym för {consumer.organisation}", exact=False)
    field.fill("4321")
    field.press("Enter")
    page.wait_for_selector(f"#consumer-{consumer.pk} >> text=4 321")
    consumer.refresh_from_db()
    assert consumer.volume == 4321
    # Another section by keyboard: the history shows the change just made.
    page.locator("#s-history > summary").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#s-history .history li")
    assert "4321" in page.locator("#s-history").inner_text().replace(" ", "").replace("\u00a0", "")


def test_an_address_inside_a_section_opens_it(page, live_server):
    services = demo.build()
    sign_in(page, live_server, "hsn")
    page.goto(f"{live_server.url}{services['HSF-002'].get_absolute_url()}#costs")
    page.wait_for_selector("#costs", state="attached")
    assert page.locator("#s-costs").get_attribute("open") is not None


@pytest.mark.parametrize("path", [
    "/tjanster/",
    "SERVICE", "SERVICE-ALL",
    "/organisationer/", "/styrning/avvikelser/"])
def test_no_page_is_wider_than_a_phone(page, live_server, path):
    services = demo.build()
    sign_in(page, live_server, "admin")
    page.set_viewport_size({"width": 390, "height": 844})
    service = services["HSF-002"].get_absolute_url()
    url = {"SERVICE": f"{service}?open=consumers&open=ownership", "SERVICE-ALL": f"{service}?sections=all"}.get(
        path, path)
    page.goto(f"{live_server.url}{url}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{url} is {width} px wide"
