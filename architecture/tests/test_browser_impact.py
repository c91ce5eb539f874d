"""The impact journey in a real browser: signed in as HSN's editor, open RTP's page on the demo, see what
stops if RTP stops (the picture and the table behind it), follow a link to an affected service, and open the
whole analysis."""

import pytest
from django.contrib.auth import get_user_model

from conftest import sign_in
from core import access
from services.models import Service
from styr import demo

from .. import impact
from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _affected_by_rtp(rtp, user):
    """A service that stops with RTP and that the user may see; one contract over RTP is added when the demo
    has none (the demo's own integrations are another part of issue 11)."""
    visible = [row for row in impact.stops_if(rtp, user).rows if not row.hidden]
    if visible:
        return Service.objects.get(pk=visible[0].id)
    seen = [s for s in Service.objects.exclude(pk=rtp.pk).order_by("name") if access.may_see_details(user, s)]
    producer, consumer = seen[0], seen[1]
    factories.contract_integration(producer=producer, consumer=consumer, platform=rtp)
    return consumer


def test_an_editor_opens_rtp_sees_what_stops_and_follows_a_link(page, live_server):
    demo.build()
    rtp = Service.objects.get(external_id="HSF-012")
    editor = get_user_model().objects.get(username="hsn")
    affected = _affected_by_rtp(rtp, editor)
    sign_in(page, live_server, "hsn")
    page.goto(f"{live_server.url}{rtp.get_absolute_url()}")
    page.locator("#s-architecture > summary").click()  # the section loads when opened (issue 13)
    section = page.locator("section[aria-labelledby='impact']")
    section.wait_for()
    assert "Vad som stannar om Regional tjänsteplattform stannar" in section.inner_text()
    picture = section.locator("svg.impact-graph[role='img']").first
    assert "Vad som stannar" in picture.locator("title").first.text_content()
    assert picture.locator(f"a[href='{affected.get_absolute_url()}']").count() == 1
    section.get_by_text("Visa tjänsterna som tabell").first.click()  # opens the <details>
    section.get_by_role("link", name=affected.name, exact=True).first.click()
    page.wait_for_url(f"**{affected.get_absolute_url()}")
    assert affected.name in page.locator("h1").inner_text()

    page.goto(f"{live_server.url}/arkitektur/paverkan/{rtp.pk}/")
    assert page.get_by_role("link", name=affected.name, exact=True).count() >= 1
    assert page.get_by_role("link", name="Exportera till Excel").count() == 1
