"""The rounds' pages as users see them (in Swedish): who may do what, forms and imports through the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maturity.models import Answer, MaturityModel, Response, Round, RoundUnit, Unit
from organisations.tests import factories as org

from . import factories as f
from .factories_rounds import small_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = org.user(admin=True)
    client.force_login(user)
    return user


def test_round_page_shows_units_respondents_and_rate(client, admin):
    rnd, (one, two), p = small_round()
    f.response(rnd, one, "a", {p["p1"]: 4})
    from maturity import actions

    actions.aggregate(round=rnd)
    page = client.get(f"/mognad/omgangar/{rnd.pk}/").content.decode()
    assert "ENHET-1" in page and "<td>10,0</td><td>4,00</td>" in page and "Importera svar" in page
    assert "Omgångar" in page and "Aggregerad" in page
    listing = client.get("/mognad/").content.decode()
    assert rnd.name in listing and "Ny omgång" in listing


def test_reader_sees_no_buttons_and_is_refused(client):
    rnd, _units, _p = small_round()
    client.force_login(org.user(editor_of=org.organisation()))
    page = client.get(f"/mognad/omgangar/{rnd.pk}/").content.decode()
    assert "Importera svar" not in page
    for url in (f"/mognad/omgangar/{rnd.pk}/import/", "/mognad/omgangar/ny/", "/mognad/modeller/import/",
                f"/mognad/omgangar/{rnd.pk}/svar/ny/"):
        response = client.get(url)
        assert response.status_code == 403 and "administratörer" in response.content.decode()
    assert client.post(f"/mognad/omgangar/{rnd.pk}/stang/").status_code == 403


def test_create_round_add_unit_and_close(client, admin):
    model = f.maturity_model()
    unit = f.unit(code="KS-AKUT", name="Akutkliniken")
    response = client.post("/mognad/omgangar/ny/", {"model": model.pk, "name": "Mätning 2027",
                                                    "period_start": "2027-03-01", "period_end": "2027-04-30",
                                                    "plan_within_days": 90})
    rnd = Round.objects.get(name="Mätning 2027")
    assert response.status_code == 302
    options = client.get("/mognad/enhetsforslag/?unit=Akut").content.decode()
    assert "Akutkliniken (KS-AKUT)" in options
    client.post(f"/mognad/omgangar/{rnd.pk}/enheter/ny/", {"unit": "Akutkliniken (KS-AKUT)", "invited": "12"})
    assert RoundUnit.objects.get(round=rnd, unit=unit).invited == 12
    client.post(f"/mognad/omgangar/{rnd.pk}/stang/", {"row_version": rnd.row_version + 5})
    rnd.refresh_from_db()
    assert rnd.status == "open"  # a stale version is refused
    client.post(f"/mognad/omgangar/{rnd.pk}/stang/", {"row_version": rnd.row_version})
    rnd.refresh_from_db()
    assert rnd.status == "closed"


def test_round_period_refused_in_form(client, admin):
    model = f.maturity_model()
    response = client.post("/mognad/omgangar/ny/", {"model": model.pk, "name": "Bakvänd",
                                                    "period_start": "2027-05-01", "period_end": "2027-04-30",
                                                    "plan_within_days": 90})
    assert response.status_code == 400 and not Round.objects.filter(name="Bakvänd").exists()


def test_import_page_names_row_and_column(client, admin):
    rnd, _units, _p = small_round()
    bad = SimpleUploadedFile("svar.csv", b"unit;respondent;point;answer\nENHET-1;a;p1;9\n")
    response = client.post(f"/mognad/omgangar/{rnd.pk}/import/", {"file": bad})
    page = response.content.decode()
    assert response.status_code == 400 and "utanför" in page and "inget sparades" in page
    good = SimpleUploadedFile("svar.csv", b"unit;respondent;point;answer\nENHET-1;a;p1;4\n")
    assert client.post(f"/mognad/omgangar/{rnd.pk}/import/", {"file": good}).status_code == 200
    assert Answer.objects.count() == 1


def test_response_form(client, admin):
    rnd, (one, two), _p = small_round()
    url = f"/mognad/omgangar/{rnd.pk}/svar/ny/"
    assert "p4" in client.get(url).content.decode()
    response = client.post(url, {"unit": "ENHET-1", "respondent": "x", "p_p1": "9"})
    assert response.status_code == 400 and not Response.objects.exists()
    response = client.post(url, {"unit": "ENHET-1", "respondent": "x", "p_p1": "3", "p_p4": "6"})
    assert response.status_code == 302
    assert sorted(Answer.objects.values_list("value", flat=True)) == [3, 6]
    client.post(url, {"unit": "ENHET-1", "respondent": "x", "p_p1": "2"})  # a correction replaces
    assert list(Answer.objects.values_list("value", flat=True)) == [2]
    response = client.post(url, {"unit": "ENHET-2", "respondent": "x", "p_p1": "2"})
    assert response.status_code == 400 and "ENHET-1" not in Response.objects.values_list("unit__code", flat=True)[1:]


def test_model_pages(client, admin):
    upload = SimpleUploadedFile("m.csv", ("dimension;dimension_name;category;category_name;point;text\n"
                                          "arv;Digitalt arv;sys;System;sys-1;Systemen är moderna.\n").encode())
    response = client.post("/mognad/modeller/import/", {"code": "egen", "name": "Egen modell", "file": upload})
    model = MaturityModel.objects.get(code="egen")
    assert response.status_code == 302
    page = client.get(f"/mognad/modeller/{model.pk}/").content.decode()
    assert "Systemen är moderna." in page and "Digitalt arv" in page
    assert "Egen modell" in client.get("/mognad/modeller/").content.decode()
    client.post(f"/mognad/modeller/{model.pk}/ny-version/")
    assert MaturityModel.objects.filter(code="egen").count() == 2


def test_units_by_their_organisations_editors(client):
    mine, other = org.organisation(code="SLSO"), org.organisation(code="KS")
    editor = org.user(editor_of=mine)
    client.force_login(editor)
    response = client.post("/mognad/enheter/ny/", {"organisation": "SLSO", "code": "SLSO-NY", "name": "Ny enhet"})
    assert response.status_code == 302 and Unit.objects.filter(code="SLSO-NY").exists()
    response = client.post("/mognad/enheter/ny/", {"organisation": "KS", "code": "KS-NY", "name": "Fel"})
    assert response.status_code == 400 and not Unit.objects.filter(code="KS-NY").exists()
    assert "Inget som heter KS finns i registret" in response.content.decode()  # not one the editor acts for
    theirs = f.unit(other, code="KS-X")
    assert client.get(f"/mognad/enheter/{theirs.pk}/andra/").status_code == 403
    unit = Unit.objects.get(code="SLSO-NY")
    response = client.post(f"/mognad/enheter/{unit.pk}/andra/", {"organisation": "SLSO", "code": "SLSO-NY",
                                                                 "name": "Nytt namn", "row_version": 99})
    assert response.status_code == 400  # stale
    assert "SLSO-NY" in client.get("/mognad/enheter/?q=SLSO").content.decode()


def test_api_reads(client, admin):
    rnd, (one, _two), p = small_round()
    f.response(rnd, one, "a", {p["p1"]: 4, p["p4"]: 6})
    from maturity import actions

    actions.aggregate(round=rnd)
    models = client.get("/api/maturity-models/").json()
    assert models["results"][0]["dimensions"][0]["categories"][0]["points"][0]["code"] == "p1"
    totals = client.get(f"/api/maturity-results/?round={rnd.pk}&level=total").json()["results"]
    assert [(r["unit"], r["level"], r["mean"]) for r in totals] == [("ENHET-1", "total", "5.000")]
    assert client.get("/api/maturity-results/?level=nonsense").status_code == 400
    assert client.get(f"/api/maturity-rounds/{rnd.pk}/").json()["units"][0]["unit"] == "ENHET-1"
    assert client.get("/api/maturity-units/?q=ENHET").json()["count"] == 2
