"""Search-as-you-type (core.suggest) with the kinds the register's lower floors register: services, organisations."""

import pytest
from django import forms

from core.forms import int_param
from core.suggest import SuggestField, SuggestMultipleField
from organisations.tests.factories import organisation, user
from services.models import Service
from services.tests.factories import service

pytestmark = pytest.mark.django_db


class PickForm(forms.Form):
    service = SuggestField(kind="service", label="Tjänst")
    organisation = SuggestField(kind="organisation", label="Organisation", required=False)


def test_suggestions_while_typing(client):
    owner = organisation("HSN", name="Hälso- och sjukvårdsnämnden")
    service(owner, name="Regional tjänsteplattform", external_id="HSF-012")
    service(owner, name="Journalsystem", external_id="RS-1")
    client.force_login(user("anna"))
    answer = client.get("/forslag/service/", {"q": "tjänstepl"})
    assert answer.status_code == 200
    assert '<option value="Regional tjänsteplattform (HSF-012)">' in answer.content.decode()
    assert "Journalsystem" not in answer.content.decode()
    assert "Hälso- och sjukvårdsnämnden (HSN)" in client.get("/forslag/organisation/", {"x": "hälso"}).content.decode()
    assert client.get("/forslag/nothing/", {"q": "a"}).status_code == 404
    assert client.get("/forslag/service/", {"q": "a" * 5000}).status_code == 200


def test_suggestions_need_sign_in(client):
    assert client.get("/forslag/service/", {"q": "a"}).status_code == 302


def test_the_field_resolves_what_was_typed_or_names_the_problem():
    owner = organisation("HSN", name="Hälso- och sjukvårdsnämnden")
    platform = service(owner, name="Plattform", external_id="HSF-012")
    twin = service(owner, name="Plattform", external_id="")
    form = PickForm({"service": "Plattform (HSF-012)", "organisation": "HSN"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"service": platform, "organisation": owner}
    assert PickForm({"service": f"Plattform (#{twin.pk})"}).is_valid()
    ambiguous = PickForm({"service": "Plattform"})
    assert not ambiguous.is_valid()
    assert ambiguous.errors["service"][0].startswith("Fler än en post heter Plattform")
    unknown = PickForm({"service": "Finns inte (X-1)"})
    assert not unknown.is_valid()
    assert "Finns inte (X-1)" in unknown.errors["service"][0]
    assert PickForm({"service": ""}).errors["service"]


def test_the_field_renders_its_own_suggestion_list():
    html = str(PickForm()["service"])
    assert 'list="service-options"' in html and 'hx-get="/forslag/service/"' in html
    assert '<datalist id="service-options">' in html


@pytest.mark.parametrize(("value", "expected"), [
    ("12", 12), (" 7 ", 7), ("", None), (None, None), ("١٢", None), ("-3", None), ("1e3", None), ("9" * 19, None)])
def test_int_param(value, expected):
    assert int_param(value) == expected


def test_int_param_range():
    assert int_param("2026", low=2000, high=2100) == 2026
    assert int_param("1999", low=2000, high=2100, default=0) == 0


def test_a_delete_says_what_else_goes():
    from core.deletion import consequences
    from services.models import Consumer

    owner = organisation("HSN")
    one = service(owner)
    Consumer.objects.create(service=one, organisation=organisation("SLSO"))
    goes, holds = consequences(one)
    assert holds == []
    assert (str(Consumer._meta.verbose_name_plural), 1) in goes
    assert all(n > 0 for _, n in goes)


class ManyForm(forms.Form):
    services = SuggestMultipleField(kind="service", label="Tjänster", required=False,
                                    queryset=Service.objects.filter(kind=Service.Kind.COMMON))


def test_many_records_in_one_field_resolve_in_order_once_each():
    owner = organisation("HSN")
    platform = service(owner, name="Plattform", external_id="HSF-012", kind=Service.Kind.COMMON)
    portal = service(owner, name="Portal, e-tjänster", external_id="HSF-031", kind=Service.Kind.COMMON)
    form = ManyForm({"services": "Portal, e-tjänster (HSF-031); Plattform (HSF-012);  HSF-031 ;"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["services"] == [portal, platform]
    blank = ManyForm({"services": " ; "})
    assert ManyForm({"services": ""}).is_valid() and blank.is_valid() and blank.cleaned_data["services"] == []
    # What the form shows again is what a user types: the records written out, separated by semicolons.
    shown = "Plattform (HSF-012); Portal, e-tjänster (HSF-031)"
    assert ManyForm(initial={"services": [platform.pk, portal]})["services"].value() == shown
    assert f'value="{shown}"' in str(ManyForm(initial={"services": [platform, portal]})["services"])


def test_many_records_name_every_entry_not_found_or_not_allowed():
    owner = organisation("HSN")
    service(owner, name="Plattform", external_id="HSF-012", kind=Service.Kind.COMMON)
    service(owner, name="Egen", external_id="X-2", kind=Service.Kind.LOCAL)
    form = ManyForm({"services": "Plattform (HSF-012); Finns inte; Egen (X-2)"})
    assert not form.is_valid()
    assert form.errors["services"][0].startswith("Finns inte i registret: Finns inte, Egen (X-2).")
    too_many = ManyForm({"services": "; ".join(["Plattform"] * 51)})
    assert too_many.errors["services"] == ["Högst 50 poster kan anges här."]


def test_suggestions_for_many_keep_the_entries_before_the_one_typed(client):
    owner = organisation("HSN")
    service(owner, name="Plattform", external_id="HSF-012")
    client.force_login(user("anna"))
    answer = client.get("/forslag/service/", {"services": "Portal (HSF-031); plattf", "many": "1"}).content.decode()
    assert '<option value="Portal (HSF-031); Plattform (HSF-012)">' in answer
    alone = client.get("/forslag/service/", {"many": "1", "services": "plattf"}).content.decode()
    assert '<option value="Plattform (HSF-012)">' in alone
    html = str(ManyForm()["services"])
    assert 'hx-vals=\'{"many": "1"}\'' in html or "hx-vals=\"{&quot;many&quot;: &quot;1&quot;}\"" in html
