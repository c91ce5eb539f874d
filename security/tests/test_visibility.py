"""Who may see a sensitive service's security details (issue 9, "Who may see"): the mechanism in core.access
and security.queries, and every route that existed before the security pages — the service page, components,
tests, the services API, search, exports, history, findings, files, the audit log, the overview and the
organisation page. The guards at the end walk the API router and the URL names, so that routes added later
are covered without a test of their own here."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from core import access, registry
from core.registry import WARNING, Rule
from security.models import InformationType, Policy, Risk, RiskAnalysis
from services.models import Ownership, Service
from styr.urls import router

from . import factories_visibility as f

pytestmark = pytest.mark.django_db

SECRET_WORDS = ["HEMLIG", "SECRETDB"]


@pytest.fixture
def w():
    return f.world()


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


def _text(response):
    return response.content.decode()


# --- The mechanism ---------------------------------------------------------------------------------------------

def test_owner_people_and_the_region_wide_roles_see_the_details_others_do_not(w):
    for user in f.seeing(w):
        assert access.may_see_details(user, w.secret), user
        assert access.visible_to(user, InformationType.objects.filter(service=w.secret)).exists(), user
    for user in f.blind(w):
        assert not access.may_see_details(user, w.secret), user
        assert not access.visible_to(user, InformationType.objects.filter(service=w.secret)).exists(), user
        assert not access.visible_to(user, Risk.objects.filter(analysis__service=w.secret)).exists(), user
        assert not access.with_details_visible(user, Service.objects.filter(pk=w.secret.pk)).exists(), user


def test_a_service_below_the_level_is_not_shielded(w):
    for user in f.blind(w) + f.seeing(w):
        assert access.may_see_details(user, w.plain)
        assert access.visible_to(user, InformationType.objects.filter(service=w.plain)).count() == 1


def test_the_policys_level_decides(w):
    Policy.objects.update_or_create(pk=1, defaults={"visibility_confidentiality": 4})
    assert access.may_see_details(w.reader, w.secret)  # K3 is below K4: nothing is shielded
    Policy.objects.filter(pk=1).update(visibility_confidentiality=1)
    assert not access.may_see_details(w.reader, w.plain)  # now even K1 is shielded …
    assert access.may_see_details(w.other_editor, w.plain)  # … but not from its owner's people
    assert not access.may_see_details(w.other_editor, w.secret)


def test_a_transfer_moves_who_sees_on_its_day(w):
    today = datetime.date.today()
    current = Ownership.objects.get(service=w.secret, valid_to=None)
    Ownership.objects.filter(pk=current.pk).update(valid_to=today + datetime.timedelta(days=10))
    Ownership.objects.create(service=w.secret, organisation=w.other, valid_from=today + datetime.timedelta(days=10))
    # Decided for a later day: the current owner still sees, the coming one not yet.
    assert access.may_see_details(w.owner_editor, w.secret)
    assert not access.may_see_details(w.other_editor, w.secret)
    Ownership.objects.filter(service=w.secret).delete()
    Ownership.objects.create(service=w.secret, organisation=w.owner, valid_from=datetime.date(2020, 1, 1),
                             valid_to=today)
    Ownership.objects.create(service=w.secret, organisation=w.other, valid_from=today)
    assert access.may_see_details(w.other_editor, w.secret)
    assert not access.may_see_details(w.owner_editor, w.secret)


def test_a_sensitive_service_without_owner_is_shielded_from_everyone_without_a_region_wide_role(w):
    Ownership.objects.filter(service=w.secret).delete()
    assert not access.may_see_details(w.owner_editor, w.secret)
    assert access.may_see_details(w.officer, w.secret)


def test_no_one_signed_out_is_told_that_nothing_is_hidden(w):
    anonymous = AnonymousUser()
    assert access.shielded_services(anonymous) is not None
    assert not access.may_see_details(anonymous, w.plain)
    assert not access.visible_to(anonymous, InformationType.objects.all()).exists()


def test_the_shield_is_one_subquery_whatever_the_number_of_sensitive_services(w):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            list(access.visible_to(w.reader, InformationType.objects.all()))
        return captured.captured_queries

    queries()  # the user's roles are asked once and kept on the user
    before = queries()
    for _ in range(5):
        f.classified(f.services.service(), 4)
    after = queries()
    assert len(after) == len(before)
    assert len(after[-1]["sql"]) == len(before[-1]["sql"])  # no list of ids that grows with the register
    assert after[-1]["sql"].count("SELECT") >= 2  # the shielded services are a subquery of the one query


def test_the_security_officers_group_exists_and_is_grantable(client, w):
    assert Group.objects.filter(name=access.SECURITY_OFFICERS).exists()  # security migration 0003
    response = _page(client, w.admin, reverse("admin:auth_user_change", args=[w.reader.pk]))
    assert response.status_code == 200
    assert access.SECURITY_OFFICERS in _text(response)
    assert access.is_security_officer(w.officer) and not access.is_auditor(w.officer)
    assert access.sees_all_details(w.officer)


# --- The service page ------------------------------------------------------------------------------------------

def test_service_page_shows_a_reader_existence_owner_and_letters_only(client, w):
    for user in f.blind(w):
        response = _page(client, user, w.secret.get_absolute_url() + "?sections=all")
        text = _text(response)
        assert response.status_code == 200
        assert "Journalen" in text and w.owner.name in text and "K3R2T2" in text
        for word in SECRET_WORDS:
            assert word not in text, (user, word)
        assert reverse("lifecycle:test-add", args=[w.secret.pk]) not in text
        assert "Tjänstens komponenter, tester och miljöer är säkerhetsuppgifter" in text  # said, in Swedish
    for user in f.seeing(w):
        text = _text(_page(client, user, w.secret.get_absolute_url() + "?sections=all"))
        assert "SECRETDB" in text and "Testmiljö HEMLIG" in text and "pentest-HEMLIG" in text, user


def test_service_page_of_a_plain_service_shows_its_components_to_everyone(client, w):
    text = _text(_page(client, w.reader, w.plain.get_absolute_url() + "?sections=all"))
    assert "SECRETDB" in text


# --- Components and tests --------------------------------------------------------------------------------------

def test_component_page_names_only_the_services_the_reader_may_see(client, w):
    secret_link, plain_link = f'href="{w.secret.get_absolute_url()}"', f'href="{w.plain.get_absolute_url()}"'
    url = reverse("lifecycle:component", args=[w.component.pk])
    for user in f.blind(w):
        assert "SECRETDB" in _text(_page(client, user, reverse("lifecycle:components")))  # the component is no secret
        text = _text(_page(client, user, url))
        assert plain_link in text
        assert secret_link not in text, user
        assert "SECRETDB" in _text(_page(client, user, reverse("lifecycle:component-history", args=[w.component.pk])))
    for user in f.seeing(w):
        text = _text(_page(client, user, url))
        assert secret_link in text and plain_link in text, user


def test_components_api_leaves_out_the_link_to_a_shielded_service(api, w):
    for user in f.blind(w):
        api.force_authenticate(user)
        listed = api.get("/api/components/").json()["results"]
        assert [c["services"] for c in listed] == [[w.plain.pk]]
        assert api.get(f"/api/components/{w.component.pk}/").json()["services"] == [w.plain.pk]
        by_service = api.get(f"/api/components/?service={w.secret.pk}")
        assert by_service.status_code == 200
        assert all(w.secret.pk not in c["services"] for c in by_service.json()["results"])
    for user in f.seeing(w):
        api.force_authenticate(user)
        assert sorted(api.get(f"/api/components/{w.component.pk}/").json()["services"]) == sorted(
            [w.secret.pk, w.plain.pk])


def test_tests_api_hides_a_shielded_services_tests(api, w):
    test = w.secret.tests.get()
    for user in f.blind(w):
        api.force_authenticate(user)
        assert api.get(f"/api/tests/?service={w.secret.pk}").json()["count"] == 0
        assert api.get(f"/api/tests/{test.pk}/").status_code == 404
    for user in f.seeing(w):
        api.force_authenticate(user)
        assert api.get(f"/api/tests/?service={w.secret.pk}").json()["count"] == 1
        assert api.get(f"/api/tests/{test.pk}/").status_code == 200


# --- The services API, search, exports, history ----------------------------------------------------------------

def test_services_api_carries_no_security_detail(api, w):
    for user in f.blind(w):
        api.force_authenticate(user)
        detail = api.get(f"/api/services/{w.secret.pk}/")
        assert detail.status_code == 200 and detail.json()["name"] == "Journalen"
        for url in ("/api/services/", f"/api/services/{w.secret.pk}/", f"/api/services/{w.secret.pk}/history/"):
            text = api.get(url).content.decode()
            for word in SECRET_WORDS:
                assert word not in text, (user, url, word)


@pytest.mark.parametrize("words", ["Patientjournal", "HEMLIG", "SECRETDB", "pentest"])
def test_search_does_not_match_on_security_details(client, api, w, words):
    client.force_login(w.reader)
    text = _text(client.get(reverse("services:list"), {"q": words}))
    assert "Journalen" not in text
    api.force_authenticate(w.reader)
    assert api.get("/api/services/", {"q": words}).json()["count"] == 0


def test_search_still_finds_the_service_by_its_own_columns(client, w):
    client.force_login(w.reader)
    assert "Journalen" in _text(client.get(reverse("services:list"), {"q": "Journal"}))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_service_export_carries_no_security_detail(client, w, fmt):
    client.force_login(w.reader)
    response = client.get(reverse("services:export", args=[fmt]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        text = content.decode("utf-8-sig")
        assert "Journalen" in text
        for word in SECRET_WORDS:
            assert word not in text
    else:
        import io

        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
        assert "Journalen" in cells
        for word in SECRET_WORDS:
            assert word not in cells


def test_service_history_shows_no_security_detail_to_a_reader(client, w):
    text = _text(_page(client, w.reader, w.secret.get_absolute_url() + "?sections=all"))
    assert 'id="s-history" open' in text and '<ol class="history"' in text  # the history section, rendered
    for word in SECRET_WORDS:
        assert word not in text


def test_service_history_page_shows_no_security_detail_to_a_reader(client, w):
    for user in f.blind(w):
        response = _page(client, user, reverse("services:history", args=[w.secret.pk]))
        assert response.status_code == 200 and "Journalen" in _text(response)
        for word in SECRET_WORDS:
            assert word not in _text(response), (user, word)


# --- Findings ---------------------------------------------------------------------------------------------------

def _applies(services):
    return lambda today: Service.objects.filter(pk__in=[s.pk for s in services])


@pytest.fixture
def detail_rule(w, monkeypatch):
    """A rule whose findings reveal details (registered just for the test) and one whose findings do not."""
    rules = {
        "RZ1-DETALJ": Rule("RZ1-DETALJ", "Detaljregel för test", "test", WARNING, _applies([w.secret, w.plain]),
                           lambda services, today: services, detail=True),
        "RZ2-ALLMAN": Rule("RZ2-ALLMAN", "Allmän regel för test", "test", WARNING, _applies([w.secret]),
                           lambda services, today: services),
    }
    monkeypatch.setattr(registry, "RULES", rules)
    return rules


def test_findings_page_leaves_out_detail_findings_of_shielded_services(client, w, detail_rule):
    url = reverse("rules:findings")
    for user in f.blind(w):
        client.force_login(user)
        text = _text(client.get(url, {"rule": "RZ1-DETALJ"}))
        assert "Matsedeln" in text and "Journalen" not in text, user
        assert "Journalen" in _text(client.get(url, {"rule": "RZ2-ALLMAN"}))  # not a detail: shown
    for user in f.seeing(w):
        client.force_login(user)
        text = _text(client.get(url, {"rule": "RZ1-DETALJ"}))
        assert "Matsedeln" in text and "Journalen" in text, user


def test_findings_api_leaves_out_detail_findings_of_shielded_services(api, w, detail_rule):
    for user in f.blind(w):
        api.force_authenticate(user)
        found = api.get("/api/findings/").json()["results"]
        assert {(x["rule"], x["service"]) for x in found} == {
            ("RZ1-DETALJ", "Matsedeln"), ("RZ2-ALLMAN", "Journalen")}, user
    for user in f.seeing(w):
        api.force_authenticate(user)
        found = api.get("/api/findings/").json()["results"]
        assert ("RZ1-DETALJ", "Journalen") in {(x["rule"], x["service"]) for x in found}, user


def test_service_page_lists_a_detail_finding_only_to_who_may_see(client, w, detail_rule):
    assert "Detaljregel för test" not in _text(_page(client, w.reader, w.secret.get_absolute_url() + "?sections=all"))
    assert "Allmän regel för test" in _text(_page(client, w.reader, w.secret.get_absolute_url() + "?sections=all"))
    assert "Detaljregel för test" in _text(_page(client, w.owner_editor, w.secret.get_absolute_url() + "?sections=all"))


def test_scorecards_and_overview_keep_their_aggregate_counts_and_name_no_service(client, w, detail_rule):
    client.force_login(w.reader)
    for url in (reverse("rules:organisation-scorecard", args=[w.owner.code]), reverse("rules:rules"),
                reverse("dashboard")):
        response = client.get(url)
        assert response.status_code == 200
        text = _text(response)
        assert "Journalen" not in text
        for word in SECRET_WORDS:
            assert word not in text


def test_the_lifecycle_rules_that_tell_of_components_and_checks_are_detail_rules():
    assert registry.RULES["R04-SUPPORT"].detail and registry.RULES["R06-EGENKONTROLL"].detail
    assert not registry.RULES["R05-TESTAD"].detail  # the go-live gate's fact, named in the decision record


# --- Files, the audit log, the organisation page -----------------------------------------------------------------

def test_a_file_of_a_shielded_services_detail_follows_the_detail(w):
    analysis = RiskAnalysis.objects.get(service=w.secret)
    for user in f.blind(w):
        assert not access.may_see(user, analysis)
        assert not access.may_see(user, analysis.risks.get())  # through its parent too
    for user in f.seeing(w):
        assert access.may_see(user, analysis)


def test_the_audit_log_is_for_auditors_and_administrators_only(client, api, w):
    for user in [*f.blind(w), w.owner_editor, w.officer]:
        assert _page(client, user, reverse("core:audit-log")).status_code == 403
        api.force_authenticate(user)
        assert api.get("/api/audit-log/").status_code == 403
    for user in (w.auditor, w.admin):
        assert _page(client, user, reverse("core:audit-log")).status_code == 200


def test_organisation_page_lists_no_security_detail(client, w):
    for organisation in (w.owner, w.other):
        text = _text(_page(client, w.reader, reverse("organisations:detail", args=[organisation.pk])))
        for word in SECRET_WORDS:
            assert word not in text


# --- Guards: routes added later are covered without a test here ----------------------------------------------

def _viewset_model(viewset):
    queryset = getattr(viewset, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer = getattr(viewset, "serializer_class", None)
    return getattr(getattr(serializer, "Meta", None), "model", None)


def test_every_service_detail_model_has_a_row_for_the_guards():
    missing = [m.__name__ for m in registry.SERVICE_DETAILS if m.__name__ not in f.DETAIL_ROWS]
    assert not missing, f"add a row factory to factories_visibility.DETAIL_ROWS for {missing}"


def _ids(api, url):
    ids, page = [], api.get(url)
    assert page.status_code == 200, (url, page.status_code)
    while True:
        body = page.json()
        rows = body["results"] if isinstance(body, dict) else body
        ids += [row["id"] for row in rows]
        if not isinstance(body, dict) or not body.get("next"):
            return ids
        page = api.get(body["next"])


def test_every_api_viewset_of_service_details_hides_a_shielded_services_rows(api, w):
    walked = []
    for prefix, viewset, _basename in router.registry:
        model = _viewset_model(viewset)
        if model not in registry.SERVICE_DETAILS:
            continue
        walked.append(prefix)
        hidden = f.detail_row(model, w.secret, f"{prefix}-H")
        shown = f.detail_row(model, w.plain, f"{prefix}-S")
        for user in f.blind(w):
            api.force_authenticate(user)
            listed = _ids(api, f"/api/{prefix}/")
            assert hidden.pk not in listed and shown.pk in listed, (prefix, user)
            assert api.get(f"/api/{prefix}/{hidden.pk}/").status_code == 404, (prefix, user)
            assert api.get(f"/api/{prefix}/{shown.pk}/").status_code == 200, (prefix, user)
        for user in f.seeing(w):
            api.force_authenticate(user)
            assert hidden.pk in _ids(api, f"/api/{prefix}/"), (prefix, user)
            assert api.get(f"/api/{prefix}/{hidden.pk}/").status_code == 200, (prefix, user)
    assert "tests" in walked  # the guard walks at least the tests API, so it cannot pass by walking nothing


# An initiative's history (the portfolio) holds its own fields and the names and effects of its services, which
# everyone sees; no security detail of a service.
# Organisations and domains carry no security details; a component's history leaves out the services hidden from
# the reader (lifecycle.queries_components), as its page does.
KNOWN_HISTORY_ROUTES = {"api:service-history", "api:organisation-history", "portfolio:initiative-history",
                        "services:history", "organisations:history", "organisations:domain-history",
                        "lifecycle:component-history"}


def _url_names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_no_history_route_other_than_the_checked_ones():
    """There is no generic history page: a service's history is part of its page and API (tested above), an
    organisation's has no service details. A new history route must be added here and proved for shielded
    services (a reader gets 404/403 for the history of a shielded service's details)."""
    names = {n for n in _url_names(get_resolver())
             if ("history" in n or "historik" in n) and not n.startswith("admin:")}  # admin: below
    assert names <= KNOWN_HISTORY_ROUTES, names - KNOWN_HISTORY_ROUTES


def test_the_admin_sites_history_is_closed_to_readers_and_editors(client, w):
    """The admin site (and its history of every model) is the administrators' tool."""
    url = reverse("admin:services_service_history", args=[w.secret.pk])
    for user in [*f.blind(w), w.owner_editor]:
        response = _page(client, user, url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], user
    assert _page(client, w.admin, url).status_code == 200


# --- The security-officer role from the identity provider's claim ---------------------------------------------

def test_the_claim_makes_a_security_officer_and_takes_it_back_but_never_one_made_by_hand(client, w):
    from accounts import actions as accounts
    from accounts.models import OidcIdentity, SecurityOfficerClaim

    SecurityOfficerClaim.objects.create(claim_value="informationssakerhet")
    by_claim, by_hand = f.orgs.user("sakerhet1"), f.security_officer("sakerhet2")
    for user in (by_claim, by_hand):
        OidcIdentity.objects.create(user=user, issuer="https://idp.example", subject=user.username)

    accounts.sync_claim_memberships(user=by_claim, values={"informationssakerhet"})
    assert access.is_security_officer(by_claim) and not access.is_auditor(by_claim)
    assert "Testmiljö HEMLIG" in _text(_page(client, by_claim, w.secret.get_absolute_url() + "?sections=all"))
    accounts.sync_claim_memberships(user=by_claim, values=set())
    assert not access.is_security_officer(by_claim)
    assert "Testmiljö HEMLIG" not in _text(_page(client, by_claim, w.secret.get_absolute_url() + "?sections=all"))

    accounts.sync_claim_memberships(user=by_hand, values=set())
    assert access.is_security_officer(by_hand)


def test_the_security_officer_claim_is_kept_from_the_command_line():
    import io

    from django.core.management import call_command

    from accounts.models import SecurityOfficerClaim

    out = io.StringIO()
    call_command("claim_mapping", "add", "informationssakerhet", "--security-officer", stdout=out)
    call_command("claim_mapping", "list", stdout=out)
    assert "informationssakerhet\t-\tsecurity officer" in out.getvalue()
    call_command("claim_mapping", "remove", "informationssakerhet", "--security-officer", stdout=out)
    assert not SecurityOfficerClaim.objects.exists()


@pytest.mark.parametrize("args, message", [
    (["add", "x", "HSN", "--security-officer"], "name no organisation"),
    (["add", "x", "--security-officer", "--auditor"], "not both"),
    (["remove", "never-added", "--security-officer"], "does not make an account a security officer"),
    (["add", " ", "--security-officer"], "empty"),
])
def test_bad_input_to_the_security_officer_claim_is_refused(args, message):
    import io

    from django.core.management import CommandError, call_command

    from accounts.models import SecurityOfficerClaim

    f.orgs.organisation("HSN")
    with pytest.raises(CommandError, match=message):
        call_command("claim_mapping", *args, stdout=io.StringIO())
    assert not SecurityOfficerClaim.objects.exists()


def test_the_database_refuses_an_empty_security_officer_claim():
    from django.db import IntegrityError, transaction

    from accounts.models import SecurityOfficerClaim

    with pytest.raises(IntegrityError), transaction.atomic():
        SecurityOfficerClaim.objects.create(claim_value="")


def test_the_admin_site_keeps_security_officer_claims(client, w):
    client.force_login(w.admin)
    assert client.get("/admin/accounts/securityofficerclaim/").status_code == 200
    assert client.get("/admin/accounts/securityofficerclaim/add/").status_code == 200
