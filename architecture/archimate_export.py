"""The register as an ArchiMate 3.1 Model Exchange File (issue 11 point 4; mapping in architecture/archimate.py).

Streamed with lxml's xmlfile: each record is written as it is read, through iterator() over one query per
kind of record, so memory stays flat at any size (bench/archimate.py). Identifiers are stable: the one an
element or relationship had in the file it was imported from (ModelIdentifier), else one made from the
record's natural key (a service's external id, an organisation's code, a process's code, a component's name
and version) or, for what has none, its row — so two exports of one register are the same file.

`user` narrows the file to what that user may see: the security details of shielded services (their
information types, integrations, dependencies and components) are left out. None exports everything (the
command, which runs as the administrator)."""

import datetime

from lxml import etree

from core import access
from lifecycle.models import Component
from organisations.models import Domain, Organisation
from security.models import Classification, InformationType, notation
from services.models import Service
from services.queries import ownership_on

from . import archimate as am
from .models import Dependency, Integration, ModelIdentifier, Process, ServiceContract

GRID_COLUMNS, NODE_W, NODE_H, GAP_X, GAP_Y, MARGIN = 8, 160, 60, 40, 40, 20


def _value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class Identifiers:
    """Identifiers for the file: stored ones first, else made from the natural key; a made one that another
    object's stored identifier already uses gets the row number added, so identifiers stay unique."""

    def __init__(self):
        self.stored = {}
        for model, object_id, identifier in ModelIdentifier.objects.values_list(
                "model", "object_id", "identifier").iterator(chunk_size=10000):
            self.stored.setdefault(model, {})[object_id] = identifier
        self.taken = {identifier for by_id in self.stored.values() for identifier in by_id.values()}

    def of(self, model, pk, made):
        identifier = self.stored.get(model, {}).get(pk)
        if identifier is not None:
            return identifier
        return made if made not in self.taken else f"{made}.{pk}"


class Writer:
    def __init__(self, xf):
        self.xf = xf

    def text(self, tag, text):
        # No xml:lang: lxml's incremental writer cannot write the xml prefix; the model is in Swedish.
        with self.xf.element(am.q(tag)):
            self.xf.write(text)

    def concept(self, tag, identifier, kind, name=None, documentation="", properties=(), attrib=None):
        """An element or a relationship; `properties` are (key, value) pairs, blank values left out."""
        attributes = {"identifier": identifier}
        attributes.update(attrib or {})
        attributes[am.TYPE] = kind
        with self.xf.element(am.q(tag), attrib=attributes):
            if name is not None:
                self.text("name", name or "–")
            if documentation:
                self.text("documentation", documentation)
            properties = [(key, value) for key, value in properties if value not in (None, "")]
            if properties:
                with self.xf.element(am.q("properties")):
                    for key, value in properties:
                        with self.xf.element(am.q("property"), attrib={"propertyDefinitionRef": am.PROPERTIES[key][0]}):
                            self.text("value", _value(value))
        self.xf.write("\n")


def write(stream, user=None):
    """Write the exchange file to the binary `stream`."""
    ids = Identifiers()
    hidden = None if user is None else access.shielded_services(user)
    with etree.xmlfile(stream, encoding="utf-8") as xf:
        xf.write_declaration()
        model_attrib = {"identifier": am.MODEL_IDENTIFIER, f"{{{am.XSI}}}schemaLocation": am.SCHEMA_LOCATION}
        with xf.element(am.q("model"), nsmap={None: am.NS, "xsi": am.XSI}, attrib=model_attrib):
            out = Writer(xf)
            # The model's name and documentation, like the folder labels below and the property names
            # (architecture/archimate.py), are data of the file, not user interface text: written as they are,
            # never translated, so that two exports are the same file and a re-import matches.
            out.text("name", "Styr")
            out.text("documentation", "Regionens digitala tjänster ur Styr: tjänster, organisationer, processer, "
                                      "komponenter, information, integrationer och beroenden.")
            xf.write("\n")
            with xf.element(am.q("elements")):
                xf.write("\n")
                keys = _elements(out, ids, user, hidden)
            xf.write("\n")
            with xf.element(am.q("relationships")):
                xf.write("\n")
                related = _relationships(out, ids, keys, user, hidden)
            xf.write("\n")
            _organizations(out, ids, keys)
            _property_definitions(out)
            _views(out, keys, related)


# -------------------------------------------------------------------------------------------------- elements

def _visible_information(user, hidden):
    information = InformationType.objects.all()
    if user is not None:
        information = access.visible_to(user, information)
    return information


def _elements(out, ids, user, hidden):
    """Write every element; answer the identifier maps the relationships, folders and views need."""
    keys = {"organisation": {}, "service": {}, "process": {}, "component": {}, "domain": {}}
    decides = {}
    for code, board in Domain.objects.order_by("code").values_list("code", "deciding_board_id"):
        decides.setdefault(board, []).append(code)
    for pk, code, name, kind, org_number, active in Organisation.objects.order_by("code").values_list(
            "pk", "code", "name", "kind", "org_number", "active").iterator():
        identifier = keys["organisation"][pk] = ids.of("organisations.organisation", pk, f"org-{am.escaped(code)}")
        out.concept("element", identifier, am.ORGANISATION, name, properties=[
            ("code", code), ("kind", kind), ("org_number", org_number), ("active", active),
            *[("decides", domain) for domain in decides.get(pk, [])],
        ])

    for pk, code, name, kind, description in Process.objects.order_by("code").values_list(
            "pk", "code", "name", "kind", "description").iterator():
        identifier = keys["process"][pk] = ids.of("architecture.process", pk, f"proc-{am.escaped(code)}")
        out.concept("element", identifier, am.PROCESS, name, description, [("code", code), ("kind", kind)])

    for pk, name, version, product, vendor, kind, support_ends in Component.objects.order_by(
            "name", "version").values_list("pk", "name", "version", "product", "vendor", "type",
                                           "support_ends").iterator():
        made = f"cmp-{am.escaped(name)}.{am.escaped(version)}"
        identifier = keys["component"][pk] = ids.of("lifecycle.component", pk, made)
        out.concept("element", identifier, am.COMPONENT_TYPES.get(kind, "SystemSoftware"), name, properties=[
            ("version", version), ("product", product), ("vendor", vendor), ("kind", kind),
            ("support_ends", support_ends)])

    owners = dict(ownership_on().values_list("service_id", "organisation__code").iterator(chunk_size=5000))
    letters = {service: notation(k, r, t) for service, k, r, t in Classification.objects.values_list(
        "service_id", "confidentiality", "integrity", "availability").iterator(chunk_size=5000)}
    columns = ("pk", "external_id", "name", "description", "short_name", "version", "kind", "phase", "criticality",
               "delivery_model", "supplier", "sourcing_review_date", "audience", "public",
               "accessibility_statement_url", "domain__code")
    for row in Service.objects.order_by("pk").values_list(*columns).iterator(chunk_size=5000):
        (pk, external_id, name, description, short_name, version, kind, phase, criticality, delivery_model,
         supplier, review, audience, public, accessibility, domain) = row
        made = f"svc-{am.escaped(external_id)}" if external_id else f"svc.{pk}"
        identifier = keys["service"][pk] = ids.of("services.service", pk, made)
        out.concept("element", identifier, am.SERVICE, name, description, [
            ("external_id", external_id), ("short_name", short_name), ("version", version), ("kind", kind),
            ("phase", phase), ("criticality", criticality), ("delivery_model", delivery_model),
            ("supplier", supplier), ("sourcing_review_date", review), ("audience", audience), ("public", public),
            ("accessibility_statement_url", accessibility), ("owner", owners.get(pk)), ("domain", domain),
            ("classification", letters.get(pk)),
        ])
    del owners, letters

    columns = ("pk", "name", "description", "owner", "personal_data", "personal_identity_numbers", "public_record",
               "confidentiality", "integrity", "availability", "classified_on")
    for row in _visible_information(user, hidden).order_by("pk").values_list(*columns).iterator(chunk_size=5000):
        pk, name, description, owner, personal, pins, public_record, k, r, t, classified_on = row
        out.concept("element", ids.of("security.informationtype", pk, f"info.{pk}"), am.INFORMATION, name,
                    description, [
                        ("classification", notation(k, r, t)), ("personal_data", personal),
                        ("personal_identity_numbers", pins), ("public_record", public_record),
                        ("classified_on", classified_on), ("information_owner", owner)])
    return keys


# --------------------------------------------------------------------------------------------- relationships

def _relationships(out, ids, keys, user, hidden):
    """Write every relationship; answer the integrations and dependencies among services (for the views):
    [(relationship identifier, source service pk, target service pk)]."""
    org, svc, proc, cmp = keys["organisation"], keys["service"], keys["process"], keys["component"]
    among_services = []

    for pk, parent in Organisation.objects.exclude(parent=None).order_by("code").values_list("pk", "parent_id"):
        out.concept("relationship", ids.of(am.ORGANISATION_PART, pk, f"orgpart.{pk}"), "Composition",
                    attrib={"source": org[parent], "target": org[pk]})
    for pk, parent in Process.objects.exclude(parent=None).order_by("code").values_list("pk", "parent_id"):
        out.concept("relationship", ids.of(am.PROCESS_PART, pk, f"procpart.{pk}"), "Composition",
                    attrib={"source": proc[parent], "target": proc[pk]})

    for pk, service, organisation, valid_from, mandate in ownership_on().order_by("service_id").values_list(
            "pk", "service_id", "organisation_id", "valid_from", "mandate").iterator(chunk_size=5000):
        out.concept("relationship", ids.of("services.ownership", pk, f"owns.{pk}"), "Assignment",
                    documentation=mandate, properties=[("valid_from", valid_from)],
                    attrib={"source": org[organisation], "target": svc[service]})

    for pk, service in _visible_information(user, hidden).order_by("pk").values_list("pk", "service_id").iterator(
            chunk_size=5000):
        out.concept("relationship", ids.of(am.ACCESS, pk, f"access.{pk}"), "Access",
                    attrib={"source": svc[service], "target": ids.of("security.informationtype", pk, f"info.{pk}")})

    for pk, process, service in Process.services.through.objects.order_by("pk").values_list(
            "pk", "process_id", "service_id").iterator(chunk_size=5000):
        out.concept("relationship", ids.of(am.SUPPORTS, pk, f"supports.{pk}"), "Serving",
                    attrib={"source": svc[service], "target": proc[process]})

    uses = Component.services.through.objects.all()
    if hidden is not None:
        uses = uses.exclude(service__in=hidden)
    for pk, component, service in uses.order_by("pk").values_list("pk", "component_id", "service_id").iterator(
            chunk_size=5000):
        out.concept("relationship", ids.of(am.USES, pk, f"uses.{pk}"), "Serving",
                    attrib={"source": cmp[component], "target": svc[service]})

    dependencies = Dependency.objects.all()
    if user is not None:
        dependencies = access.visible_to(user, dependencies)
    for pk, service, depends_on, description in dependencies.order_by("pk").values_list(
            "pk", "service_id", "depends_on_id", "description").iterator(chunk_size=5000):
        identifier = ids.of("architecture.dependency", pk, f"dep.{pk}")
        out.concept("relationship", identifier, "Serving", documentation=description,
                    attrib={"source": svc[depends_on], "target": svc[service]})
        among_services.append((identifier, depends_on, service))

    integrations = Integration.objects.all()
    if user is not None:
        integrations = access.visible_to(user, integrations)
    _flows(out, ids, svc, integrations, among_services)
    return among_services


def _flows(out, ids, svc, integrations, among_services):
    """The integrations, with their carried information and service contracts read alongside in integration
    order (two more ordered queries, merged as they stream), never one query per integration."""
    carried = (Integration.information_types.through.objects.filter(integration__in=integrations.values("pk"))
               .order_by("integration_id", "informationtype__name")
               .values_list("integration_id", "informationtype__name").iterator(chunk_size=5000))
    contracts = (ServiceContract.objects.filter(integration__in=integrations.values("pk"))
                 .order_by("integration_id", "urn").values_list("integration_id", "urn").iterator(chunk_size=5000))
    next_carried, next_contract = next(carried, None), next(contracts, None)
    columns = ("pk", "producer_id", "consumer_id", "kind", "platform_id", "carries", "standard", "criticality",
               "phase", "needed", "description")
    for row in integrations.order_by("pk").values_list(*columns).iterator(chunk_size=5000):
        pk, producer, consumer, kind, platform, carries, standard, criticality, phase, needed, description = row
        names, urns = [], []
        while next_carried is not None and next_carried[0] <= pk:
            if next_carried[0] == pk:
                names.append(next_carried[1])
            next_carried = next(carried, None)
        while next_contract is not None and next_contract[0] <= pk:
            if next_contract[0] == pk:
                urns.append(next_contract[1])
            next_contract = next(contracts, None)
        identifier = ids.of("architecture.integration", pk, f"flow.{pk}")
        out.concept("relationship", identifier, "Flow", documentation=description, properties=[
            ("kind", kind), ("platform", svc.get(platform)), ("standard", standard), ("criticality", criticality),
            ("phase", phase), ("needed", needed), ("carries", carries),
            *[("carries_information", name) for name in names], *[("contract", urn) for urn in urns],
        ], attrib={"source": svc[producer], "target": svc[consumer]})
        among_services.append((identifier, producer, consumer))


# ------------------------------------------------------------------------------------- folders and definitions

def _folder(out, label, identifier, refs):
    with out.xf.element(am.q("item"), attrib={"identifier": identifier}):
        out.text("label", label)
        for ref in refs:
            _ref(out, ref)
    out.xf.write("\n")


def _ref(out, ref):
    with out.xf.element(am.q("item"), attrib={"identifierRef": ref}):
        pass


def _domain_folders(out, ids, keys):
    """The services' folders: one per responsibility domain, nested as the domains are (sub-areas inside)."""
    domains = list(Domain.objects.order_by("code").values_list("pk", "code", "name", "description", "parent_id"))
    children = {}
    for domain in domains:
        children.setdefault(domain[4], []).append(domain)
    service_ids = keys["service"]

    def folder(pk, code, name, description, _parent):
        identifier = keys["domain"][pk] = ids.of("organisations.domain", pk, f"domain-{am.escaped(code)}")
        with out.xf.element(am.q("item"), attrib={"identifier": identifier}):
            out.text("label", name)
            if description:
                out.text("documentation", description)
            for child in children.get(pk, []):
                folder(*child)
            # One query per domain (tens of them), never per service.
            for service in Service.objects.filter(domain_id=pk).order_by("pk").values_list("pk", flat=True).iterator(
                    chunk_size=5000):
                _ref(out, service_ids[service])
        out.xf.write("\n")

    with out.xf.element(am.q("item"), attrib={"identifier": "folder-services"}):
        out.text("label", "Tjänster per ansvarsområde")
        for domain in children.get(None, []):
            folder(*domain)


def _organizations(out, ids, keys):
    """The folders. Their labels (and "Tjänster per ansvarsområde" above) are data of the file, kept stable
    and never translated: an export is the same file whatever the language of the moment."""
    with out.xf.element(am.q("organizations")):
        _folder(out, "Organisationer", "folder-organisations", keys["organisation"].values())
        _domain_folders(out, ids, keys)
        _folder(out, "Processer", "folder-processes", keys["process"].values())
        _folder(out, "Komponenter", "folder-components", keys["component"].values())
    out.xf.write("\n")


def _property_definitions(out):
    with out.xf.element(am.q("propertyDefinitions")):
        for identifier, name, kind in am.PROPERTIES.values():
            with out.xf.element(am.q("propertyDefinition"), attrib={"identifier": identifier, "type": kind}):
                out.text("name", name)
    out.xf.write("\n")


# ---------------------------------------------------------------------------------------------------- views

def view_identifier(code):
    return f"view-{am.escaped(code)}"


def _views(out, keys, related):
    """One diagram per responsibility domain: its services on a grid and the integrations and dependencies
    among them. A relationship shows in the view of the domain both its ends belong to."""
    domains = list(Domain.objects.order_by("code").values_list("pk", "code", "name"))
    if not domains:
        return
    by_domain = {}
    for domain_id, service in Service.objects.order_by("domain_id", "pk").values_list("domain_id", "pk").iterator(
            chunk_size=10000):
        by_domain.setdefault(domain_id, []).append(service)
    domain_of = {service: domain for domain, services in by_domain.items() for service in services}
    connections = {}
    for identifier, source, target in related:
        domain = domain_of.get(source)
        if domain is not None and domain == domain_of.get(target):
            connections.setdefault(domain, []).append((identifier, source, target))
    svc = keys["service"]
    with out.xf.element(am.q("views")):
        with out.xf.element(am.q("diagrams")):
            for pk, code, name in domains:
                view = view_identifier(code)
                with out.xf.element(am.q("view"), attrib={"identifier": view, am.TYPE: "Diagram"}):
                    out.text("name", name)
                    for n, service in enumerate(by_domain.get(pk, [])):
                        row, column = divmod(n, GRID_COLUMNS)
                        out.xf.write("\n")
                        with out.xf.element(am.q("node"), attrib={
                                "identifier": f"{view}.{svc[service]}", "elementRef": svc[service], am.TYPE: "Element",
                                "x": str(MARGIN + column * (NODE_W + GAP_X)), "y": str(MARGIN + row * (NODE_H + GAP_Y)),
                                "w": str(NODE_W), "h": str(NODE_H)}):
                            pass
                    for identifier, source, target in connections.get(pk, []):
                        out.xf.write("\n")
                        with out.xf.element(am.q("connection"), attrib={
                                "identifier": f"{view}.{identifier}", "relationshipRef": identifier,
                                am.TYPE: "Relationship", "source": f"{view}.{svc[source]}",
                                "target": f"{view}.{svc[target]}"}):
                            pass
                out.xf.write("\n")

