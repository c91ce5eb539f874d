"""What the ArchiMate exchange (issue 11 point 4, 002 §10.12) shares between export and import: the namespace,
the schema, how Styr's records map onto ArchiMate concepts, the property definitions and the identifiers.

The mapping (docs/decisions/0025-archimate-exchange.md):
  organisation → BusinessActor (parent Composition child)   service → ApplicationComponent
  process → BusinessProcess (parent Composition child)      component → SystemSoftware or Node
  information type → DataObject (its service Access it)     integration → Flow producer → consumer
  dependency → Serving depends_on → service                 a service supporting a process → Serving
  a component a service uses → Serving component → service  the current ownership → Assignment owner → service
Responsibility domains are the folders the services sit in (nested as the domains are)."""

import functools
import re
from pathlib import Path

from lxml import etree

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TYPE = f"{{{XSI}}}type"
SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
MODEL_IDENTIFIER = "styr-model"


def q(name):
    """The qualified name of an element of the exchange format."""
    return f"{{{NS}}}{name}"


# Property definitions: key → (identifier, Swedish name, data type). One definition serves every kind of
# element that has the property (a service's kind and an organisation's kind are both "Typ").
# The names are data of the exchange file, not user interface text: they are written into the file as they are,
# in Swedish whatever the language of the moment, and an import matches properties on them, so a round trip and
# a re-import match. Never put them through translation.
PROPERTIES = {
    "code": ("pd-code", "Kod", "string"),
    "external_id": ("pd-external-id", "Externt id", "string"),
    "short_name": ("pd-short-name", "Kortnamn", "string"),
    "version": ("pd-version", "Version", "string"),
    "kind": ("pd-kind", "Typ", "string"),
    "phase": ("pd-phase", "Livscykelfas", "string"),
    "criticality": ("pd-criticality", "Kritikalitet", "string"),
    "delivery_model": ("pd-delivery-model", "Leveransmodell", "string"),
    "supplier": ("pd-supplier", "Leverantör", "string"),
    "sourcing_review_date": ("pd-sourcing-review-date", "Leverantörsval omprövas senast", "date"),
    "audience": ("pd-audience", "Målgrupp", "string"),
    "public": ("pd-public", "Publicerad i katalogen", "boolean"),
    "accessibility_statement_url": ("pd-accessibility", "Tillgänglighetsredogörelse", "string"),
    "owner": ("pd-owner", "Ägare", "string"),
    "domain": ("pd-domain", "Ansvarsområde", "string"),
    "classification": ("pd-classification", "Klassning", "string"),
    "org_number": ("pd-org-number", "Organisationsnummer", "string"),
    "active": ("pd-active", "Aktiv", "boolean"),
    "decides": ("pd-decides", "Beslutar för ansvarsområde", "string"),
    "product": ("pd-product", "Produktnyckel", "string"),
    "vendor": ("pd-vendor", "Tillverkare", "string"),
    "support_ends": ("pd-support-ends", "Support upphör", "date"),
    "personal_data": ("pd-personal-data", "Personuppgifter", "string"),
    "personal_identity_numbers": ("pd-pins", "Personnummer", "boolean"),
    "public_record": ("pd-public-record", "Allmän handling", "boolean"),
    "classified_on": ("pd-classified-on", "Klassad", "date"),
    "information_owner": ("pd-information-owner", "Informationsägare", "string"),
    "standard": ("pd-standard", "Standard eller protokoll", "string"),
    "needed": ("pd-needed", "Behövs av konsumenten", "boolean"),
    "carries": ("pd-carries", "Bär (fritext)", "string"),
    "carries_information": ("pd-carries-information", "Bär informationsmängd", "string"),
    "platform": ("pd-platform", "Tjänsteplattform", "string"),
    "contract": ("pd-contract", "Tjänstekontrakt", "string"),
    "valid_from": ("pd-valid-from", "Från", "date"),
}
# Matching properties by their Swedish name too: a file written by another tool (or Archi after an edit) may
# carry its own definition identifiers.
PROPERTY_BY_NAME = {name.casefold(): key for key, (_id, name, _type) in PROPERTIES.items()}

# Styr's records and the ArchiMate element types that hold them.
ORGANISATION = "BusinessActor"
SERVICE = "ApplicationComponent"
PROCESS = "BusinessProcess"
INFORMATION = "DataObject"
COMPONENT_TYPES = {"software": "SystemSoftware", "platform": "SystemSoftware", "hardware": "Node",
                   "cloud_service": "Node"}
HELD_ELEMENTS = {ORGANISATION, SERVICE, PROCESS, INFORMATION, "SystemSoftware", "Node"}
COMPONENT = "component"  # the role of SystemSoftware and Node in the relationship table below

# (relationship type, source role, target role) → what it is in Styr.
HELD_RELATIONSHIPS = {
    ("Composition", ORGANISATION, ORGANISATION): "organisation_part",
    ("Composition", PROCESS, PROCESS): "process_part",
    ("Serving", SERVICE, PROCESS): "supports",
    ("Serving", SERVICE, SERVICE): "dependency",
    ("Serving", COMPONENT, SERVICE): "uses",
    ("Flow", SERVICE, SERVICE): "integration",
    ("Assignment", ORGANISATION, SERVICE): "ownership",
    ("Access", SERVICE, INFORMATION): "access",
}

# The stored identifiers (ModelIdentifier.model) of relationships that are not rows of their own.
ORGANISATION_PART = "organisations.organisation:parent"
PROCESS_PART = "architecture.process:parent"
ACCESS = "security.informationtype:access"
SUPPORTS = "architecture.process_services"
USES = "lifecycle.component_services"


def role(element_type):
    return COMPONENT if element_type in ("SystemSoftware", "Node") else element_type


def escaped(text):
    """`text` as a part of an xs:ID (an NCName): letters, digits and '-' as they are, anything else as _hex_.
    Injective, so two keys never give one identifier; '.' never appears, so it separates parts."""
    return re.sub(r"[^A-Za-z0-9-]", lambda m: f"_{ord(m.group()):x}_", text)


@functools.cache
def schema():
    """The Open Group's XSD (archimate3_Diagram.xsd includes View and Model), read offline: the schemas'
    import of the W3C's xml.xsd resolves to the copy beside them."""
    folder = Path(__file__).parent / "data"

    class LocalXml(etree.Resolver):
        def resolve(self, url, pubid, context):
            if url.endswith("xml.xsd"):
                return self.resolve_filename(str(folder / "xml.xsd"), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalXml())
    return etree.XMLSchema(etree.parse(str(folder / "archimate3_Diagram.xsd"), parser))
