"""The stored evaluation (docs/decisions/0034): pages read it, writes make it stale, a refresh is debounced and
one at a time; findings carry a reason and a fix link, filter, page and export."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from organisations.tests import factories as orgs
from rules import actions_evaluation, freshness
from rules.models import Evaluation, RefreshState, StoredCount, StoredFinding
from services.models import Consumer
from services.tests import factories

from .factories_findings import evaluated_long_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def hsn():
    return orgs.organisation("HSN", name="Hälso- och sjukvårdsnämnden")


def test_an_edit_that_breaks_a_rule_shows_once_refreshed(client, hsn, django_capture_on_commit_callbacks,
                                                         monkeypatch):
    monkeypatch.setattr(freshness, "INLINE_MS", 10**9)  # cheap, whatever the machine's load: refreshed inline
    factories.service(owner=hsn, name="Ersmo")
    client.force_login(orgs.user())
    page = client.get("/styrning/avvikelser/", {"rule": "R05-TESTAD"}).text
    assert "Ersmo" in page and "Per " in page  # the stored evaluation's "as of" time
    first = Evaluation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # as a commit does
        factories.service(owner=hsn, name="Fjällbo")
    assert RefreshState.objects.get(pk=1).stale_since is not None
    page = client.get("/styrning/avvikelser/", {"rule": "R05-TESTAD"}).text
    assert "Fjällbo" in page
    latest = Evaluation.objects.get()  # the previous one went with its rows
    assert latest.pk > first.pk and latest.trigger == "edit" and latest.status == "done"
    assert not StoredFinding.objects.exclude(evaluation=latest).exists()
    assert RefreshState.objects.get(pk=1).stale_since is None


def test_a_fixed_finding_goes_once_refreshed(client, hsn):
    """Read in the same transaction as the write (as here, and under ATOMIC_REQUESTS): not yet committed, it
    is seen all the same."""
    service = factories.service(owner=hsn, name="Ersmo", kind="common")
    client.force_login(orgs.user())
    assert "Ersmo" in client.get("/styrning/avvikelser/", {"rule": "R09-KONSUMENTER"}).text
    Consumer.objects.create(service=service, organisation=orgs.organisation())
    assert "Ersmo" not in client.get("/styrning/avvikelser/", {"rule": "R09-KONSUMENTER"}).text


def test_a_dear_refresh_waits_for_the_debounce(hsn, django_capture_on_commit_callbacks):
    factories.service(owner=hsn, name="Ersmo")
    evaluation = actions_evaluation.refresh(trigger="command")
    Evaluation.objects.filter(pk=evaluation.pk).update(took_ms=freshness.INLINE_MS + 5000, as_of=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):  # committed by another request
        factories.service(owner=hsn, name="Fjällbo")
    assert freshness.due(Evaluation.objects.get()) == ""  # stale, but refreshed less than DEBOUNCE s ago
    assert freshness.current().pk == evaluation.pk
    evaluated_long_ago(evaluation, seconds=freshness.DEBOUNCE + 1)
    assert freshness.due(Evaluation.objects.get()) == "edit"
    # Inside a transaction (this test) a background thread could not see its writes: the refresh runs inline.
    refreshed = freshness.current()
    assert refreshed.pk != evaluation.pk
    assert StoredFinding.objects.filter(evaluation=refreshed, label="Fjällbo").exists()


def test_a_fresh_evaluation_is_not_refreshed(hsn):
    factories.service(owner=hsn)
    evaluation = actions_evaluation.refresh(trigger="command")
    assert freshness.due(evaluation) == "" and freshness.current().pk == evaluation.pk


def test_an_evaluation_of_an_earlier_day_is_refreshed(hsn):
    factories.service(owner=hsn)
    evaluation = actions_evaluation.refresh(trigger="command")
    Evaluation.objects.filter(pk=evaluation.pk).update(on=datetime.date.today() - datetime.timedelta(days=1))
    assert freshness.due(Evaluation.objects.get()) == "new day"
    assert freshness.current().on == datetime.date.today()


def test_two_refreshes_at_once_do_not_both_write(hsn):
    factories.service(owner=hsn)
    assert actions_evaluation._claim()  # one refresh holds the claim …
    assert actions_evaluation.refresh(trigger="button") is None  # … so the second writes nothing
    assert not Evaluation.objects.exists()
    actions_evaluation._release()
    assert actions_evaluation.refresh(trigger="button") is not None
    assert Evaluation.objects.count() == 1


def test_a_claim_left_by_a_dead_refresh_expires(hsn):
    factories.service(owner=hsn)
    actions_evaluation._claim()
    RefreshState.objects.filter(pk=1).update(
        running_since=timezone.now() - actions_evaluation.CLAIM_EXPIRES - datetime.timedelta(seconds=1))
    assert actions_evaluation.refresh(trigger="command") is not None


def test_a_failed_refresh_leaves_it_stale_and_unclaimed(hsn, monkeypatch):
    factories.service(owner=hsn)

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(actions_evaluation, "evaluate", broken)
    with pytest.raises(RuntimeError):
        actions_evaluation.refresh(trigger="command")
    state = RefreshState.objects.get(pk=1)
    assert state.stale_since is not None and state.running_since is None


def test_a_bulk_write_without_signals_shows_in_the_history_chain(hsn):
    from core import audit
    from core.models import ChainLink

    factories.service(owner=hsn)
    audit.seal()  # in a test nothing commits, so nothing seals by itself
    evaluation = actions_evaluation.refresh(trigger="command")
    assert freshness.due(evaluation) == "" and evaluation.chain_link
    # A bulk path (core.bulk) writes history without signals; its commit seals it into the chain.
    Evaluation.objects.filter(pk=evaluation.pk).update(
        chain_link=ChainLink.objects.order_by("-pk").values_list("pk", flat=True).first() - 1)
    assert freshness.due(Evaluation.objects.get()) == "edit"


def test_rules_page_scorecards_and_overview_read_stored_counts(client, hsn):
    domain = orgs.domain("vard")
    sub = orgs.domain("vard-sub", parent=domain)
    factories.service(owner=hsn, name="Ersmo", domain=sub)
    factories.service(owner=orgs.organisation("SLSO"), name="Annan")
    client.force_login(orgs.user())
    client.get("/styrning/regler/")
    counts = StoredCount.objects.filter(rule="R05-TESTAD")
    assert sum(c.applicable for c in counts) == 2 and sum(c.failing for c in counts) == 2
    card = client.get("/styrning/styrkort/organisation/HSN/").text
    assert "R05-TESTAD" in card and "?rule=R05-TESTAD&amp;owner=HSN" in card and "Per " in card
    assert "?rule=R05-TESTAD&amp;domain=vard" in client.get("/styrning/styrkort/omrade/vard/").text
    overview = client.get("/").text
    assert "Per " in overview and "?severity=blocking" in overview


def test_findings_say_what_is_wrong_and_where_to_fix_it(client, hsn):
    service = factories.service(owner=hsn, name="Ersmo", delivery_model="external_supplier")
    client.force_login(orgs.user())
    page = client.get("/styrning/avvikelser/").text
    assert "Inget godkänt test finns av tjänstens aktuella version." in page  # R05's reason
    # The fix link opens the section that holds the place to fix, also without JavaScript.
    assert f'href="/tjanster/{service.pk}/?open=architecture#tests"' in page
    fix = client.get(f"/tjanster/{service.pk}/?open=architecture").text
    assert 'id="tests"' in fix and 'id="security"' not in fix
    assert f'href="/tjanster/{service.pk}/andra/"' in page  # R07: the review date is on the edit page
    # Severity in words with an icon that screen readers skip, not colour alone (WCAG 1.4.1).
    assert '<span aria-hidden="true">⛔</span> blockerande' in page
    assert '<span aria-hidden="true">⚠</span> varning' in page
    assert "Vad som är fel" in page and "Åtgärda" in page


def test_findings_filter_by_every_parameter(client, api, hsn):
    domain = orgs.domain("vard")
    factories.service(owner=hsn, name="Ersmo", external_id="HSN-1", domain=domain)
    factories.service(owner=orgs.organisation("SLSO"), name="Kungsholm")
    client.force_login(orgs.user())

    def labels(**query):
        page = client.get("/styrning/avvikelser/", query)
        assert page.status_code == 200
        return {name for name in ("Ersmo", "Kungsholm") if name in page.text}

    assert labels(rule="R05-TESTAD") == {"Ersmo", "Kungsholm"}
    assert labels(owner="HSN") == {"Ersmo"}
    assert labels(owner="Hälso- och sjukvårdsnämnden (HSN)") == {"Ersmo"}  # as the suggestions write it
    assert labels(domain="vard") == {"Ersmo"}
    assert labels(q="kungs") == {"Kungsholm"}
    assert labels(q="HSN-1") == {"Ersmo"}
    assert labels(severity="warning", rule="R05-TESTAD") == set()
    assert labels(subject="initiative") == set()
    assert labels(subject="service", severity="blocking") == {"Ersmo", "Kungsholm"}
    refused = client.get("/styrning/avvikelser/", {"owner": "NOSUCH"}).text
    assert "NOSUCH" in refused and "Ersmo" not in refused  # the form says what was wrong, lists nothing


def test_findings_page(client, hsn):
    for n in range(105):
        factories.service(owner=hsn, name=f"Tjänst {n:03}")
    client.force_login(orgs.user())
    first = client.get("/styrning/avvikelser/", {"rule": "R05-TESTAD"}).text
    assert "Tjänst 000" in first and "Tjänst 104" not in first and "Sida 1 av 2" in first
    second = client.get("/styrning/avvikelser/", {"rule": "R05-TESTAD", "page": "2"}).text
    assert "Tjänst 104" in second and "Tjänst 000" not in second
    assert client.get("/styrning/avvikelser/", {"page": "x"}).status_code == 200


def test_findings_export_through_the_one_writer(client, hsn):
    factories.service(owner=hsn, name="=HYPERLINK(1)")
    client.force_login(orgs.user())
    answer = client.get("/styrning/avvikelser/export.csv", {"rule": "R05-TESTAD"})
    assert answer["Content-Disposition"] == 'attachment; filename="avvikelser.csv"'
    text = answer.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("rule;severity;reason;")
    assert "'=HYPERLINK(1)" in text and "Inget godkänt test" in text
    answer = client.get("/styrning/avvikelser/export.xlsx", {"owner": "HSN"})
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("rule", "severity", "reason") and len(rows) > 1
    assert client.get("/styrning/avvikelser/export.csv", {"owner": "NOSUCH"}).status_code == 400


def test_api_findings_are_stored_and_paged(api, hsn):
    for n in range(55):
        factories.service(owner=hsn, name=f"Tjänst {n:03}")
    api.force_authenticate(orgs.user())
    answer = api.get("/api/findings/", {"rule": "R05-TESTAD"}).json()
    assert answer["count"] == 55 and len(answer["results"]) == 50 and answer["next"]
    first = answer["results"][0]
    assert first["reason"] and first["as_of"] and first["link"].endswith("#tests") and first["owner"] == "HSN"
    assert api.get("/api/findings/", {"owner": "Hälso- och sjukvårdsnämnden (HSN)"}).json()["count"] >= 55
    assert api.get("/api/findings/", {"q": "x" * 101}).status_code == 400
    assert api.get("/api/findings/", {"subject": "nothing"}).status_code == 400
    rules = {r["id"]: r for r in api.get("/api/rules/").json()}
    assert rules["R05-TESTAD"]["failing"] == 55


def test_refresh_button_for_administrators_and_the_governance_office(client, hsn):
    factories.service(owner=hsn)
    reader = orgs.user()
    client.force_login(reader)
    assert "Uppdatera nu" not in client.get("/styrning/avvikelser/").text
    refused = client.post("/styrning/avvikelser/uppdatera/")
    assert refused.status_code == 403 and "styrningskansliet" in refused.text
    office = orgs.user(secretariat_of=orgs.organisation("RSTY"))
    client.force_login(office)
    assert "Uppdatera nu" in client.get("/styrning/regler/").text
    before = Evaluation.objects.get().pk
    answer = client.post("/styrning/avvikelser/uppdatera/", {"next": "/styrning/regler/"})
    assert answer.status_code == 302 and answer["Location"] == "/styrning/regler/"
    evaluation = Evaluation.objects.get()
    assert evaluation.pk != before and evaluation.trigger == "button" and evaluation.by == office
    answer = client.post("/styrning/avvikelser/uppdatera/", {"next": "https://evil.example/"})
    assert answer["Location"] == "/styrning/avvikelser/"


def test_evaluate_rules_command(hsn):
    factories.service(owner=hsn)
    out = io.StringIO()
    call_command("evaluate_rules", stdout=out)
    assert "findings as of" in out.getvalue() and Evaluation.objects.get().trigger == "command"


def test_a_sign_in_does_not_make_the_evaluation_stale(client, hsn):
    """A sign-in records the user's last login in the history chain; no rule reads it (docs/decisions/0036)."""
    from core import audit

    factories.service(owner=hsn)
    reader = orgs.user()
    audit.seal()
    evaluation = actions_evaluation.refresh(trigger="command")
    client.force_login(reader)  # writes auth.User.last_login, and with it a history record
    audit.seal()
    assert freshness.due(evaluation) == ""
    factories.service(owner=hsn, name="Ny")
    audit.seal()
    assert freshness.due(evaluation) != ""


def test_findings_search_matches_the_start_of_the_name_on_both_databases(client, hsn):
    factories.service(owner=hsn, name="Ärendehantering", external_id="ext-7")
    factories.service(owner=hsn, name="Journal för ärenden")
    client.force_login(orgs.user())

    def labels(q):
        page = client.get("/styrning/avvikelser/", {"q": q})
        assert page.status_code == 200
        return {name for name in ("Ärendehantering", "Journal för ärenden") if name in page.text}

    assert labels("ärende") == {"Ärendehantering"}  # any case, beyond ASCII; not the middle of a name
    assert labels("JOURNAL FÖR") == {"Journal för ärenden"}
    assert labels("ext-7") == {"Ärendehantering"} and labels("ext") == set()  # the external id whole
    assert labels("%") == set() and labels("_rende") == set()  # wildcards are text
    assert "Början av namnet, eller externt id." in client.get("/styrning/avvikelser/").text


def test_the_overview_shows_the_figures_counted_with_the_rules(client, hsn, monkeypatch):
    from services import queries as services_queries

    factories.service(owner=hsn, name="Ersmo")
    client.force_login(orgs.user())
    first = client.get("/").text  # the first evaluation counts the figures
    assert "Räknat med reglerna, per " in first and "Hälso- och sjukvårdsnämnden" in first

    def counted_again():
        raise AssertionError("the overview counted its figures instead of reading them")

    monkeypatch.setattr(services_queries, "dashboard_figures", counted_again)
    again = client.get("/").text
    assert "Hälso- och sjukvårdsnämnden" in again and "Räknat med reglerna, per " in again


def test_the_unfiltered_findings_total_is_the_evaluations(client, hsn):
    for n in range(3):
        factories.service(owner=hsn, name=f"Tjänst {n}")
    client.force_login(orgs.user(admin=True))
    client.get("/styrning/avvikelser/")
    evaluation = Evaluation.objects.get()
    Evaluation.objects.filter(pk=evaluation.pk).update(findings=evaluation.findings + 1000)
    assert f"{evaluation.findings + 1000} avvikelser" in client.get("/styrning/avvikelser/").text
    # A filter counts what it matches.
    counted = StoredFinding.objects.filter(evaluation=evaluation, rule="R05-TESTAD").count()
    assert f"{counted} avvikelse" in client.get("/styrning/avvikelser/", {"rule": "R05-TESTAD"}).text
