"""The DCAT-AP-SE description of the open data, so that the national data portal (dataportal.se) can harvest it:
a dcat:Catalog holding one dcat:Dataset (the published services) with a dcat:Distribution per format.

DCAT-AP-SE asks of a catalogue a title, a description, a publisher and its datasets; of a dataset a title, a
description, a publisher and a contact point; of a distribution an access URL; of a publisher (foaf:Agent) a name.
Recommended and given here: licence, modified, language, theme, keywords, access rights, landing page, media type,
format and download URL. One description (a JSON-LD graph) written two ways: JSON-LD and RDF/XML."""

from xml.etree import ElementTree

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import opendata, queries

NAMESPACES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
EU = "http://publications.europa.eu/resource/authority/"
SWEDISH = EU + "language/SWE"


def _sv(text):
    return {"@value": str(text), "@language": "sv"}


def _ref(uri):
    return {"@id": uri}


def description(base):
    """The catalogue as a JSON-LD document; `base` is the site's address (scheme and host)."""
    with translation.override("sv"):
        home = base + reverse("catalogue:index")
        modified = {"@value": queries.modified().isoformat(timespec="seconds"), "@type": "xsd:dateTime"}
        publisher = {
            "@id": home + "#utgivare", "@type": "foaf:Agent", "foaf:name": _sv(opendata.publisher()),
            "dct:type": _ref("http://purl.org/adms/publishertype/RegionalAuthority"),
        }
        contact = {"@id": home + "#kontakt", "@type": "vcard:Organization", "vcard:fn": _sv(opendata.publisher())}
        if settings.CATALOGUE_CONTACT_EMAIL:
            contact["vcard:hasEmail"] = _ref("mailto:" + settings.CATALOGUE_CONTACT_EMAIL)
        else:
            contact["vcard:hasURL"] = _ref(home)
        license_ = _ref(settings.CATALOGUE_LICENSE_URL)

        def distribution(name, media_type, file_type, title, extra=None):
            url = base + reverse(f"catalogue:{name}")
            node = {
                "@id": url + "#distribution", "@type": "dcat:Distribution", "dct:title": _sv(title),
                "dcat:accessURL": _ref(url), "dcat:downloadURL": _ref(url),
                "dcat:mediaType": _ref("https://www.iana.org/assignments/media-types/" + media_type),
                "dct:format": _ref(EU + "file-type/" + file_type), "dct:license": license_,
            }
            node.update(extra or {})
            return node

        dataset = {
            "@id": home + "#tjanster", "@type": "dcat:Dataset",
            "dct:title": _sv(_("Digital services of %(publisher)s") % {"publisher": opendata.publisher()}),
            "dct:description": _sv(_(
                "The digital services the region publishes: name, purpose, audience, lifecycle phase, owning "
                "organisation and accessibility statement. Services that have ended, and those whose information is "
                "classified as sensitive, are not included.")),
            "dct:publisher": publisher, "dcat:contactPoint": contact,
            "dcat:keyword": [_sv(_("digital services")), _sv(_("service catalogue")), _sv(_("e-services"))],
            "dcat:theme": _ref(EU + "data-theme/GOVE"),
            "dct:accessRights": _ref(EU + "access-right/PUBLIC"),
            "dct:language": _ref(SWEDISH), "dcat:landingPage": _ref(home), "dct:modified": modified,
            "dcat:distribution": [
                distribution("services-json", "application/json", "JSON", _("The services as JSON"),
                             {"dct:conformsTo": _ref(base + reverse("catalogue:services-schema"))}),
                distribution("services-csv", "text/csv", "CSV", _("The services as CSV")),
            ],
        }
        return {
            "@context": {prefix: uri for prefix, uri in NAMESPACES.items() if prefix != "rdf"},
            "@id": home + "#katalog", "@type": "dcat:Catalog",
            "dct:title": _sv(_("Public catalogue of %(publisher)s") % {"publisher": opendata.publisher()}),
            "dct:description": _sv(_("Open data about the region's digital services, from its service register.")),
            "dct:publisher": publisher, "dct:license": license_, "dct:language": _ref(SWEDISH),
            "foaf:homepage": _ref(home), "dct:modified": modified, "dcat:dataset": [dataset],
        }


def _qualified(name):
    prefix, local = name.split(":", 1)
    return f"{{{NAMESPACES[prefix]}}}{local}"


def _expand(value):
    return _qualified(value) if value.split(":", 1)[0] in NAMESPACES else value


def _write_node(parent, node):
    element = ElementTree.SubElement(parent, _qualified(node["@type"]))
    element.set(_qualified("rdf:about"), node["@id"])
    for key, values in node.items():
        if key.startswith("@"):
            continue
        for value in values if isinstance(values, list) else [values]:
            child = ElementTree.SubElement(element, _qualified(key))
            if "@type" in value and "@id" in value:  # a node of its own, written inside its property
                _write_node(child, value)
            elif "@id" in value:
                child.set(_qualified("rdf:resource"), value["@id"])
            else:
                child.text = value["@value"]
                if "@language" in value:
                    child.set("{http://www.w3.org/XML/1998/namespace}lang", value["@language"])
                if "@type" in value:
                    child.set(_qualified("rdf:datatype"), _expand(value["@type"]))
    return element


def as_rdf_xml(base):
    """The same description as RDF/XML, which every DCAT harvester reads."""
    for prefix, uri in NAMESPACES.items():
        ElementTree.register_namespace(prefix, uri)
    root = ElementTree.Element(_qualified("rdf:RDF"))
    _write_node(root, description(base))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, encoding="utf-8",
                                                                               xml_declaration=False)
