"""The public catalogue and its open data, as an anonymous visitor meets them: only what the region publishes,
never what the visibility rule hides; read-only, rate-limited, cacheable; bad input never a 500."""

import csv
import io
import json

import jsonschema
import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from catalogue import opendata
from services.models import Service

from .factories_catalogue import NEVER, VISIBLE, register

pytestmark = pytest.mark.django_db

ROUTES = ["catalogue:index", "catalogue:open-data", "catalogue:services-json", "catalogue:services-csv",
          "catalogue:services-schema", "catalogue:dcat-jsonld", "catalogue:dcat-rdf"]


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()  # the rate limit counts in the cache; each test starts with a clean slate
    yield
    cache.clear()


@pytest.fixture
def r():
    return register()


def _text(response):
    return response.content.decode("utf-8-sig")


def _assert_only_visible(text):
    for marker in VISIBLE:
        assert marker in text, marker
    for marker in NEVER:
        assert marker not in text, marker


def test_the_search_page_lists_the_published_services_and_nothing_else(client, r):
    response = client.get(reverse("catalogue:index"))
    assert response.status_code == 200
    text = _text(response)
    assert "Digitala tjänster" in text and "3 tjänster" in text
    _assert_only_visible(text)
    assert "Logga ut" not in text  # the public layout, no signed-in menu


def test_a_search_finds_by_name_and_by_description_and_never_a_hidden_service(client, r):
    by_description = _text(client.get(reverse("catalogue:index"), {"q": "omboka"}))
    assert "SYNLIG" in by_description and "1 tjänst" in by_description
    assert "Chatt" not in by_description
    assert "Inga tjänster" not in by_description
    for marker in NEVER:  # searching for a hidden service by its own name finds nothing
        text = _text(client.get(reverse("catalogue:index"), {"q": marker}))
        assert marker not in text.replace(f'value="{marker}"', "").replace(f"Sökning: {marker}", "")
        assert "Ingen tjänst matchar sökningen." in text


def test_the_service_page_shows_owner_purpose_phase_and_statement(client, r):
    response = client.get(reverse("catalogue:service", args=[r.shown.pk]))
    assert response.status_code == 200
    text = _text(response)
    assert "Hälso- och sjukvårdsnämnden" in text and "Boka och omboka besök i vården." in text
    assert "I drift" in text and "Invånare" in text
    assert 'href="https://example.org/tillganglighet"' in text


@pytest.mark.parametrize("name", ["internal", "secret", "ended"])
def test_a_hidden_service_has_no_public_page(client, r, name):
    assert client.get(reverse("catalogue:service", args=[getattr(r, name).pk])).status_code == 404


def test_the_service_page_shows_no_more_of_the_register(client, r):
    from services.models import RoleAssignment

    RoleAssignment.objects.create(service=r.shown, role="service_owner", person_name="Anna Ansvarig",
                                  email="anna@example.org")
    text = _text(client.get(reverse("catalogue:service", args=[r.shown.pk])))
    assert "Anna" not in text and "anna@example.org" not in text
    assert "Kritikalitet" not in text and "Leverantör" not in text


def test_the_json_holds_the_published_services_and_matches_its_schema(client, r):
    response = client.get(reverse("catalogue:services-json"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    jsonschema.validate(data, opendata.SCHEMA, format_checker=jsonschema.FormatChecker())
    assert data["license"] == "http://creativecommons.org/publicdomain/zero/1.0/" and data["license_name"] == "CC0 1.0"
    assert data["publisher"] == "Region Exempel"
    assert data["count"] == 3
    names = sorted(s["name"] for s in data["services"])
    assert names == ["Boka tid SYNLIG", "Chatt KOMMANDE", "Matsedel LAG"]
    shown = next(s for s in data["services"] if s["id"] == r.shown.pk)
    assert shown["owner"] == "Hälso- och sjukvårdsnämnden" and shown["phase_label"] == "I drift"
    assert shown["page"] == "http://testserver" + reverse("catalogue:service", args=[r.shown.pk])
    _assert_only_visible(_text(response))


def test_the_schema_is_served_and_refuses_a_wrong_document(client, r):
    schema = client.get(reverse("catalogue:services-schema")).json()
    assert schema == json.loads(json.dumps(opendata.SCHEMA))
    data = client.get(reverse("catalogue:services-json")).json()
    data["services"][0]["criticality"] = "high"  # a field the public dataset never carries
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_the_csv_holds_the_published_services_with_a_licence_on_every_row(client, r):
    response = client.get(reverse("catalogue:services-csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # the one export writer (core.exports)
    rows = list(csv.DictReader(io.StringIO(_text(response)), delimiter=";"))
    assert sorted(row["name"] for row in rows) == ["Boka tid SYNLIG", "Chatt KOMMANDE", "Matsedel LAG"]
    assert {row["license"] for row in rows} == {"http://creativecommons.org/publicdomain/zero/1.0/"}
    _assert_only_visible(_text(response))


@override_settings(CATALOGUE_LICENSE_URL="https://creativecommons.org/licenses/by/4.0/", CATALOGUE_LICENSE_NAME="CC BY 4.0")
def test_the_licence_is_a_setting(client, r):
    assert client.get(reverse("catalogue:services-json")).json()["license_name"] == "CC BY 4.0"
    assert "https://creativecommons.org/licenses/by/4.0/" in _text(client.get(reverse("catalogue:dcat-rdf")))


def test_a_change_to_the_register_reaches_the_catalogue(client, r):
    from security.tests.factories_visibility import classified

    classified(r.shown, 4)  # now at the visibility threshold: gone from every public answer
    assert "SYNLIG" not in _text(client.get(reverse("catalogue:index")))
    assert "SYNLIG" not in _text(client.get(reverse("catalogue:services-json")))
    assert client.get(reverse("catalogue:service", args=[r.shown.pk])).status_code == 404


def test_a_signed_in_reader_sees_the_same_catalogue(client, r):
    """Even the owner's own editor: the catalogue is what the public sees."""
    from organisations.tests import factories as orgs

    client.force_login(orgs.user(editor_of=r.owner))
    _assert_only_visible(_text(client.get(reverse("catalogue:index"))))


# The DCAT-AP-SE description.

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


def test_the_dcat_jsonld_describes_catalogue_dataset_and_distributions(client, r):
    response = client.get(reverse("catalogue:dcat-jsonld"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/ld+json")
    catalog = response.json()
    assert catalog["@type"] == "dcat:Catalog" and catalog["@context"]["dcat"] == DCAT
    for key in ("dct:title", "dct:description", "dct:publisher", "dcat:dataset", "dct:license"):
        assert key in catalog, key
    assert catalog["dct:title"]["@language"] == "sv"
    (dataset,) = catalog["dcat:dataset"]
    for key in ("dct:title", "dct:description", "dct:publisher", "dcat:contactPoint", "dct:modified",
                "dcat:distribution"):
        assert key in dataset, key
    assert dataset["dct:publisher"]["foaf:name"]["@value"] == "Region Exempel"
    assert dataset["dct:title"]["@value"] == "Digitala tjänster från Region Exempel"
    formats = {}
    for distribution in dataset["dcat:distribution"]:
        assert distribution["@type"] == "dcat:Distribution"
        for key in ("dcat:accessURL", "dcat:downloadURL", "dcat:mediaType", "dct:license", "dct:format"):
            assert key in distribution, key
        formats[distribution["dcat:mediaType"]["@id"].rsplit("/", 2)[-2:][1]] = distribution["dcat:downloadURL"]["@id"]
    assert formats == {"json": "http://testserver/katalog/oppna-data/tjanster.json",
                       "csv": "http://testserver/katalog/oppna-data/tjanster.csv"}
    for url in formats.values():  # the addresses it names answer
        assert client.get(url).status_code == 200


def test_the_dcat_rdf_xml_holds_the_same_description(client, r):
    from xml.etree import ElementTree

    response = client.get(reverse("catalogue:dcat-rdf"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rdf+xml")
    root = ElementTree.fromstring(response.content)
    catalog = root.find(f"{{{DCAT}}}Catalog")
    assert catalog.find(f"{{{DCT}}}title").text.startswith("Publik katalog")
    dataset = catalog.find(f"{{{DCAT}}}dataset/{{{DCAT}}}Dataset")
    assert dataset.find(f"{{{DCT}}}publisher/{{http://xmlns.com/foaf/0.1/}}Agent") is not None
    distributions = dataset.findall(f"{{{DCAT}}}distribution/{{{DCAT}}}Distribution")
    assert len(distributions) == 2
    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}resource"
    assert {d.find(f"{{{DCAT}}}accessURL").get(rdf) for d in distributions} == {
        "http://testserver/katalog/oppna-data/tjanster.json", "http://testserver/katalog/oppna-data/tjanster.csv"}


@override_settings(CATALOGUE_CONTACT_EMAIL="oppnadata@example.org")
def test_the_contact_point_names_the_function_mailbox(client, r):
    dataset = client.get(reverse("catalogue:dcat-jsonld")).json()["dcat:dataset"][0]
    assert dataset["dcat:contactPoint"]["vcard:hasEmail"] == {"@id": "mailto:oppnadata@example.org"}


# Read-only, rate-limited, cacheable.

@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_writes_are_refused_with_405(client, r, name, method):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def test_no_session_or_csrf_cookie_for_an_anonymous_visitor(client, r):
    for name in ROUTES:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert not response.cookies, (name, response.cookies)


@pytest.mark.parametrize("name", ROUTES)
def test_a_repeat_with_the_etag_is_answered_304(client, r, name):
    first = client.get(reverse(name))
    assert first.status_code == 200 and "max-age=300" in first["Cache-Control"] and "public" in first["Cache-Control"]
    repeat = client.get(reverse(name), headers={"if-none-match": first["ETag"]})
    assert repeat.status_code == 304 and repeat.content == b""
    assert client.get(reverse(name), headers={"if-none-match": '"something-else"'}).status_code == 200


def test_a_changed_catalogue_gets_a_new_etag(client, r):
    first = client.get(reverse("catalogue:services-json"))
    from services import actions

    actions.update_service(service=Service.objects.get(pk=r.shown.pk), description="Ny beskrivning.")
    again = client.get(reverse("catalogue:services-json"), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200 and "Ny beskrivning." in _text(again)


@override_settings(CATALOGUE_RATE_LIMIT=3, CATALOGUE_RATE_WINDOW=3600)
def test_a_client_past_the_limit_is_answered_429_with_retry_after(client, r):
    for _ in range(3):
        assert client.get(reverse("catalogue:index")).status_code == 200
    refused = client.get(reverse("catalogue:services-json"))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3601
    assert "Du har gjort många förfrågningar på kort tid" in _text(refused)
    # Another address has its own count.
    assert client.get(reverse("catalogue:index"), REMOTE_ADDR="192.0.2.7").status_code == 200


@override_settings(CATALOGUE_RATE_LIMIT=2, CATALOGUE_RATE_WINDOW=3600, STYR_PROXY_COUNT=1)
def test_behind_a_proxy_the_limit_counts_the_forwarded_address(client, r):
    url = reverse("catalogue:index")
    for _ in range(2):
        assert client.get(url, headers={"x-forwarded-for": "198.51.100.1"}).status_code == 200
    assert client.get(url, headers={"x-forwarded-for": "198.51.100.1"}).status_code == 429
    assert client.get(url, headers={"x-forwarded-for": "198.51.100.2"}).status_code == 200


@override_settings(CATALOGUE_RATE_LIMIT=0)
def test_a_limit_of_zero_turns_the_limit_off(client, r):
    for _ in range(5):
        assert client.get(reverse("catalogue:services-schema")).status_code == 200


# Bad input.

@pytest.mark.parametrize("query", [
    {"page": "abc"}, {"page": "99999999999999999999"}, {"page": "-1"}, {"page": "0"}, {"q": "x" * 5000},
    {"q": "%_\\'\""}, {"q": "   "}, {"q": "é" * 300, "page": "2"},
])
def test_bad_query_input_never_a_500(client, r, query):
    response = client.get(reverse("catalogue:index"), query)
    assert response.status_code == 200


def test_a_nul_in_the_query_is_the_client_error(client, r):
    assert client.get(reverse("catalogue:index"), {"q": "a\x00b"}).status_code == 400


def test_an_unknown_service_is_404(client, r):
    assert client.get("/katalog/tjanster/999999999/").status_code == 404
    assert client.get("/katalog/tjanster/abc/").status_code == 404


def test_the_list_pages(client, r):
    from services.tests import factories as services

    for number in range(30):
        services.service(r.owner, name=f"Extra {number:02d}", audience=Service.Audience.RESIDENTS)
    first = _text(client.get(reverse("catalogue:index")))
    assert "Sida 1 av 2" in first and "Extra 00" in first and "Matsedel LAG" not in first
    second = _text(client.get(reverse("catalogue:index"), {"page": "2"}))
    assert "Matsedel LAG" in second and "Extra 00" not in second
