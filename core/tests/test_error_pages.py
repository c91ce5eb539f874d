"""Refusals, missing pages and server errors are Swedish pages in the site's layout, debug or not."""

import io

import pytest
from django.core.management import call_command

from organisations.models import Membership
from organisations.tests import factories as orgs

pytestmark = pytest.mark.django_db


def test_debug_is_off_unless_asked_for(monkeypatch):
    import runpy
    from pathlib import Path

    path = str(Path(__file__).resolve().parents[2] / "styr" / "settings.py")
    monkeypatch.delenv("STYR_DEBUG", raising=False)
    assert runpy.run_path(path)["DEBUG"] is False
    monkeypatch.setenv("STYR_DEBUG", "1")  # what `make run` sets for the local demo
    assert runpy.run_path(path)["DEBUG"] is True


def test_a_server_error_is_a_swedish_page_in_the_layout_without_the_details(client, settings, monkeypatch):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(orgs.user())

    def broken():
        raise RuntimeError("boom")

    # services.queries: the overview's figures are counted with the stored rule evaluation (rules.actions_evaluation)
    monkeypatch.setattr("services.queries.dashboard_figures", broken)
    response = client.get("/")
    text = response.content.decode()
    assert response.status_code == 500 and "Något gick fel på servern" in text and "boom" not in text
    assert 'href="/tjanster/"' in text  # the menu of the signed-in user


def test_createuser_makes_a_secretariat_member_and_refuses_an_unknown_code():
    rs = orgs.organisation("RSTY")
    out = io.StringIO()
    call_command("create_styr_user", "rut", "--password", "x-long-enough-1", "--secretariat-of", "RSTY", stdout=out)
    assert Membership.objects.get(user__username="rut").organisation == rs
    assert Membership.objects.get(user__username="rut").role == "secretariat"
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="NOSUCH"):
        call_command("create_styr_user", "ove", "--password", "x-long-enough-1", "--editor-of", "NOSUCH")


def test_the_history_librarys_commands_that_delete_history_are_refused():
    """The hole: `styr clean_old_history --auto --days 0` deleted 498 of 555 history records, leaving no trace."""
    from django.core.management import CommandError

    from services.models import Service
    from services.tests import factories

    factories.service(name="Spårad")
    before = Service.history.count()
    for command in (["clean_old_history", "--auto", "--days", "0"], ["clean_duplicate_history", "--auto"]):
        with pytest.raises(CommandError, match="does not delete it"):
            call_command(*command)
    assert Service.history.count() == before > 0
