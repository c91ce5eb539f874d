"""Under the Content-Security-Policy every page still works in a real browser, and none of them asks for
something the policy refuses (an inline script or style would be reported on the console)."""

import pytest
from django.core.management import call_command

from conftest import sign_in
from costs.models import AllocationRun
from styr import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_run_under_the_policy_without_a_single_violation(page, live_server):
    services = demo.build()
    call_command("allocate", "--year", "2026", verbosity=0)
    run = AllocationRun.objects.latest("pk")
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and violations.append((page.url, message.text)))
    sign_in(page, live_server, "admin")
    for path in ["/", "/tjanster/", f"/tjanster/{services['HSF-041'].pk}/", f"/tjanster/{services['HSF-041'].pk}/andra/",
                 "/styrning/regler/", "/beslut/", "/kostnader/", f"/kostnader/korning/{run.pk}/HSN/",
                 "/admin/", "/admin/services/service/"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
    # htmx still filters the list live (its script is Styr's own file)
    page.goto(f"{live_server.url}/tjanster/")
    page.get_by_label("Sök").fill("E-recept")
    page.wait_for_selector("table >> text=E-recept")
    # the print button is wired by Styr's script file, not an onclick attribute
    page.goto(f"{live_server.url}/kostnader/korning/{run.pk}/HSN/")
    assert page.get_by_role("button", name="Skriv ut").is_visible()
    # Swagger UI starts from a script file of its own (drf-spectacular's split view)
    page.goto(f"{live_server.url}/api/docs/")
    # (Its first operations are enough to show it ran under the policy. Since issue 9 grew the description,
    # Swagger UI in headless Chromium stops drawing after the first few tags — noted for issue 13.)
    page.wait_for_selector("text=/api/allocation-runs/")
    assert violations == []
