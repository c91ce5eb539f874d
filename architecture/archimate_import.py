"""Reading an ArchiMate 3.1 exchange file into the register (issue 11 point 4; mapping in architecture/archimate.py).

All or nothing: the file is checked first (XML, namespace, unique identifiers, every relationship's ends in
the file or the register, the Open Group XSD) and then stored in one transaction that stores nothing if any
element lacks what Styr needs — every problem names the element. Elements and relationships are matched on
the identifier they had before (ModelIdentifier) or on their natural key (a service's external id, an
organisation's or a process's code), updated when found and created otherwise, and each one's identifier is
recorded so that an export writes it again. What Styr has no place for (other element and relationship
types, views, properties it does not know) is counted in the report, never dropped silently."""

import collections
import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from lxml import etree

from lifecycle.models import Component
from organisations.models import Domain, Organisation
from security import actions as security_actions
from security.models import InformationType
from services import actions as service_actions
from services.models import Service
from services.queries import current_ownership

from . import archimate as am
from .models import Dependency, Integration, ModelIdentifier, Process, ServiceContract

MAX_ERRORS = 50
NOTATION = re.compile(r"^K(\d+)R(\d+)T(\d+)$")
SERVICE_FIELDS = ("external_id", "short_name", "version", "kind", "phase", "criticality", "delivery_model",
                  "supplier", "sourcing_review_date", "audience", "public", "accessibility_statement_url")


class ArchimateImportError(Exception):
    """The file was refused; nothing was stored. `errors` name the element of each problem."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


class What(collections.namedtuple("What", "msgid values")):
    """A report key with values: its English msgid and the values for its placeholders, translated only when
    the report is shown (code and tests read the counters, whatever the language)."""

    def __str__(self):
        return _(self.msgid) % dict(self.values)


def key_with(msgid, **values):
    return What(msgid, tuple(sorted(values.items())))


def label(key):
    """A report key in the language of the moment: a plain key is an English msgid (marked with
    gettext_noop where it is counted), a What one with values."""
    return _(key) if isinstance(key, str) else str(key)


@dataclass
class Report:
    """Counts by what was counted. The keys are untranslated (English msgids, or What with values); lines()
    translates them."""

    created: collections.Counter = field(default_factory=collections.Counter)
    updated: collections.Counter = field(default_factory=collections.Counter)
    unchanged: collections.Counter = field(default_factory=collections.Counter)
    not_held: collections.Counter = field(default_factory=collections.Counter)
    notes: list = field(default_factory=list)

    def lines(self):
        out = [_("Created: %(counts)s") % {"counts": self._counts(self.created)},
               _("Updated: %(counts)s") % {"counts": self._counts(self.updated)},
               _("Unchanged: %(counts)s") % {"counts": self._counts(self.unchanged)}]
        if self.not_held:
            out.append(_("Not in Styr (reported, not stored):"))
            out += [f"  {shown}: {n}" for shown, n in self.labelled(self.not_held)]
        return out + self.notes

    @staticmethod
    def labelled(counter):
        """[(the key translated, count)] in the order of the translated keys, counts of 0 left out."""
        return sorted((label(key), n) for key, n in counter.items() if n)

    def _counts(self, counter):
        return ", ".join(f"{shown} {n}" for shown, n in self.labelled(counter)) or _("nothing")


def unescaped(text):
    return re.sub(r"_([0-9a-f]+)_", lambda m: chr(int(m.group(1), 16)), text)


def describe(node):
    values = {"kind": node.get(am.TYPE) or etree.QName(node).localname, "identifier": node.get("identifier"),
              "name": _name(node), "line": node.sourceline}
    if values["name"]:
        return _("%(kind)s “%(identifier)s” (%(name)s), line %(line)s") % values
    return _("%(kind)s “%(identifier)s”, line %(line)s") % values


def _property(key):
    """The name of a property definition as the file has it (data of the file, never translated)."""
    return am.PROPERTIES[key][1]


def _name(node, tag="name"):
    found = node.find(am.q(tag))
    return (found.text or "").strip() if found is not None else ""


def _documentation(node):
    found = node.find(am.q("documentation"))
    return (found.text or "").strip() if found is not None else ""


# ------------------------------------------------------------------------------------------------- checking

def parse(data):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ArchimateImportError([_("The file is not XML: %(error)s") % {"error": error}]) from error
    if root.tag != am.q("model"):
        raise ArchimateImportError([
            _("The root element is %(tag)s, not an ArchiMate model (%(model)s): the wrong namespace or the "
              "wrong kind of file.") % {"tag": root.tag, "model": am.q("model")}])
    return root


def _check_identifiers(root):
    seen, errors = {}, []
    for node in root.iter(etree.Element):
        identifier = node.get("identifier")
        if identifier is None:
            continue
        if identifier in seen:
            errors.append(_("The identifier “%(identifier)s” is used twice: by %(first)s and by %(second)s.")
                          % {"identifier": identifier, "first": describe(seen[identifier]), "second": describe(node)})
        else:
            seen[identifier] = node
    return seen, errors


def _check_schema(root, in_register):
    schema = am.schema()
    if schema.validate(root):
        return []
    errors = []
    for entry in schema.error_log:
        # A relationship may end at an element that is in the register, not in the file: the schema's keyref
        # refuses that, Styr does not.
        found = re.search(r"key-sequence \['(.+?)'\]", entry.message)
        if "keyref" in entry.message and found and found.group(1) in in_register:
            continue
        errors.append(_("Line %(line)s: not valid against the ArchiMate 3.1 schema: %(message)s")
                      % {"line": entry.line, "message": entry.message})
    return errors


# --------------------------------------------------------------------------------------------------- import

def import_file(data, *, user=None):
    """Check and store the exchange file `data` (bytes); answer the Report or raise ArchimateImportError."""
    root = parse(data)
    by_id, errors = _check_identifiers(root)
    if errors:
        raise ArchimateImportError(errors)
    elements = {node.get("identifier"): node for node in root.iterfind(f"{am.q('elements')}/{am.q('element')}")}
    relationships = list(root.iterfind(f"{am.q('relationships')}/{am.q('relationship')}"))
    register = Register()
    errors = []
    for relationship in relationships:
        for end in ("source", "target"):
            ref = relationship.get(end)
            if ref not in by_id and register.find(ref) is None:
                message = (_("%(relationship)s: the source “%(ref)s” is neither in the file nor in the register.")
                           if end == "source" else
                           _("%(relationship)s: the target “%(ref)s” is neither in the file nor in the register."))
                errors.append(message % {"relationship": describe(relationship), "ref": ref})
    if errors:
        raise ArchimateImportError(errors[:MAX_ERRORS])
    errors = _check_schema(root, register.found)
    if errors:
        raise ArchimateImportError(errors[:MAX_ERRORS])
    with transaction.atomic():
        run = Run(root, elements, relationships, register, user)
        run.store()
        if run.errors:
            transaction.set_rollback(True)
    if run.errors:
        raise ArchimateImportError(run.errors[:MAX_ERRORS])
    return run.report


class Register:
    """Finds what an identifier not in the file names in the register: a stored identifier, or one an
    export made from a natural key."""

    MODELS = {
        "organisations.organisation": (am.ORGANISATION, Organisation),
        "services.service": (am.SERVICE, Service),
        "architecture.process": (am.PROCESS, Process),
        "lifecycle.component": (am.COMPONENT, Component),
        "security.informationtype": (am.INFORMATION, InformationType),
    }

    def __init__(self):
        self.found = {}

    def find(self, identifier):
        """(role, object) or None."""
        if identifier in self.found:
            return self.found[identifier]
        answer = None
        stored = ModelIdentifier.objects.filter(identifier=identifier).first()
        if stored is not None and stored.model in self.MODELS:
            role, model = self.MODELS[stored.model]
            obj = model.objects.filter(pk=stored.object_id).first()
            answer = (role, obj) if obj else None
        else:
            answer = self._made(identifier)
        if answer is not None:
            self.found[identifier] = answer
        return answer

    @staticmethod
    def _made(identifier):
        patterns = [
            (r"svc-(.+)", am.SERVICE, lambda key: Service.objects.filter(external_id=unescaped(key)).first()),
            (r"svc\.(\d+)", am.SERVICE, lambda key: Service.objects.filter(pk=int(key)).first()),
            (r"org-(.+)", am.ORGANISATION, lambda key: Organisation.objects.filter(code=unescaped(key)).first()),
            (r"proc-(.+)", am.PROCESS, lambda key: Process.objects.filter(code=unescaped(key)).first()),
            (r"info\.(\d+)", am.INFORMATION, lambda key: InformationType.objects.filter(pk=int(key)).first()),
            (r"cmp-([^.]*)\.([^.]*)", am.COMPONENT, None),
        ]
        for pattern, role, lookup in patterns:
            match = re.fullmatch(pattern, identifier)
            if not match:
                continue
            if lookup is None:
                obj = Component.objects.filter(name=unescaped(match.group(1)), version=unescaped(match.group(2))).first()
            else:
                obj = lookup(match.group(1))
            if obj is not None:
                return role, obj
        return None


def _messages(error):
    if hasattr(error, "message_dict"):
        return "; ".join(f"{'' if name == '__all__' else name + ': '}{' '.join(messages)}"
                         for name, messages in error.message_dict.items())
    return " ".join(error.messages)


class Run:
    def __init__(self, root, elements, relationships, register, user):
        self.root, self.elements, self.relationships, self.register, self.user = (
            root, elements, relationships, register, user)
        self.report = Report()
        self.outcome = {}  # (model, pk) → the counter this run counted it in
        self.errors = []
        self.objects = {}  # identifier → (role, object) of the file's elements once stored
        self.definitions = self._definitions()
        self.deciders = {}  # domain code → the organisation the file says decides for it
        self.by_target = collections.defaultdict(list)
        self.by_source = collections.defaultdict(list)
        for relationship in relationships:
            self.by_target[relationship.get("target")].append(relationship)
            self.by_source[relationship.get("source")].append(relationship)

    # -- helpers

    def fail(self, node, message):
        self.errors.append(f"{describe(node)}: {message}")

    def _definitions(self):
        """propertyDefinitionRef → Styr's key (None for a property Styr does not hold), by name."""
        known = {}
        for node in self.root.iterfind(f"{am.q('propertyDefinitions')}/{am.q('propertyDefinition')}"):
            name = _name(node)
            known[node.get("identifier")] = (am.PROPERTY_BY_NAME.get(name.casefold()), name)
        return known

    def properties(self, node):
        values = collections.defaultdict(list)
        for prop in node.iterfind(f"{am.q('properties')}/{am.q('property')}"):
            key, name = self.definitions.get(prop.get("propertyDefinitionRef"), (None, "?"))
            value = prop.find(am.q("value"))
            if key is None:
                self.report.not_held[key_with(gettext_noop("property “%(name)s”"), name=name)] += 1
            elif value is not None and value.text is not None:
                values[key].append(value.text.strip())
        return values

    def remember(self, model, pk, identifier):
        ModelIdentifier.objects.filter(identifier=identifier).exclude(model=model, object_id=pk).delete()
        ModelIdentifier.objects.update_or_create(model=model, object_id=pk, defaults={"identifier": identifier})

    def stored(self, model, identifier, queryset):
        found = ModelIdentifier.objects.filter(model=model, identifier=identifier).values_list("object_id", flat=True)
        return queryset.filter(pk__in=found).first()

    def resolve(self, identifier):
        """(role, object) of an element of the file already stored, or of the register."""
        return self.objects.get(identifier) or self.register.find(identifier)

    def count(self, outcome, key, obj=None):
        """Count `obj` as created, updated or unchanged under `key` (an English msgid)."""
        getattr(self.report, outcome)[key] += 1
        if obj is not None:
            self.outcome[(type(obj), obj.pk)] = (outcome, key)

    def counted_changed(self, obj):
        """`obj`, counted unchanged by this run, changed after all (its parent): count it updated instead."""
        outcome, key = self.outcome.get((type(obj), obj.pk), (None, None))
        if outcome == "unchanged":
            self.report.unchanged[key] -= 1
            if not self.report.unchanged[key]:
                del self.report.unchanged[key]
            self.count("updated", key, obj)

    @staticmethod
    def changed(obj):
        """Whether a stored `obj` (cleaned) differs from its row in any column."""
        names = [f.attname for f in obj._meta.concrete_fields]
        row = type(obj).objects.filter(pk=obj.pk).values(*names).first()
        return row is None or any(row[name] != getattr(obj, name) for name in names)

    def save(self, node, obj, created, key, model, also_changed=False):
        """Check and store `obj`; an existing one is written, and counted updated, only if something changed."""
        try:
            obj.full_clean()
            changed = created or also_changed or self.changed(obj)
            if changed:
                obj.save()
        except ValidationError as error:
            self.fail(node, _messages(error))
            return None
        if key:
            self.count("created" if created else "updated" if changed else "unchanged", key, obj)
        if model:
            self.remember(model, obj.pk, node.get("identifier"))
        return obj

    # -- the steps

    def store(self):
        kinds = collections.defaultdict(list)
        for node in self.elements.values():
            kind = node.get(am.TYPE)
            if kind in am.HELD_ELEMENTS:
                kinds[kind].append(node)
            else:
                self.report.not_held[key_with(gettext_noop("element %(type)s"), type=kind)] += 1
        views = self.root.findall(f".//{am.q('view')}")
        if views:
            self.report.not_held[gettext_noop("views (Styr draws its own, one per responsibility domain)")] += len(
                views)
        for node in kinds[am.ORGANISATION]:
            self.organisation(node)
        self.domains()
        for node in kinds[am.PROCESS]:
            self.process(node)
        for node in kinds["SystemSoftware"] + kinds["Node"]:
            self.component(node)
        if self.errors:
            return
        for node in kinds[am.SERVICE]:
            self.service(node)
        if self.errors:
            return
        for node in kinds[am.INFORMATION]:
            self.information(node)
        for relationship in self.relationships:
            self.relationship(relationship)

    def organisation(self, node):
        props = self.properties(node)
        identifier = node.get("identifier")
        code = (props.get("code") or [""])[0]
        org = self.stored("organisations.organisation", identifier, Organisation.objects.all())
        if org is None and code:
            org = Organisation.objects.filter(code=code).first()
        created = org is None
        if created:
            code = code or (identifier if re.fullmatch(r"[-a-zA-Z0-9_]{1,40}", identifier) else "")
            if not code:
                return self.fail(node, _("the property “%(property)s” is missing (the organisation's code, e.g. "
                                         "HSN).") % {"property": _property("code")})
            if not props.get("kind"):
                return self.fail(node, _("the property “%(property)s” is missing (one of %(values)s).")
                                 % {"property": _property("kind"), "values": ", ".join(Organisation.Kind.values)})
            org = Organisation(code=code)
        org.name = _name(node) or org.name
        for key in ("kind", "org_number"):
            if props.get(key):
                setattr(org, key, props[key][0])
        if props.get("active"):
            org.active = props["active"][0] == "true"
        org = self.save(node, org, created, gettext_noop("organisations"), "organisations.organisation")
        if org is not None:
            self.objects[identifier] = (am.ORGANISATION, org)
            for code in props.get("decides", []):
                self.deciders[code] = org

    def domains(self):
        """The folders that are responsibility domains, and so the domain of each service inside them."""
        self.domain_of = {}

        def walk(item, domain):
            identifier = item.get("identifier")
            if identifier is not None and item.get("identifierRef") is None:
                domain = self.domain(item, domain) or domain
            ref = item.get("identifierRef")
            if ref is not None and domain is not None:
                self.domain_of[ref] = domain
            for child in item.iterfind(am.q("item")):
                walk(child, domain)

        for organizations in self.root.iterfind(am.q("organizations")):
            for item in organizations.iterfind(am.q("item")):
                walk(item, None)

    def domain(self, item, parent):
        identifier, label = item.get("identifier"), _name(item, "label")
        found = self.stored("organisations.domain", identifier, Domain.objects.all())
        code = unescaped(identifier[len("domain-"):]) if identifier.startswith("domain-") else None
        if found is None and code:
            found = Domain.objects.filter(code=code).first()
        if found is None and label:
            found = Domain.objects.filter(name=label).first()
        if found is not None:
            self.count("unchanged", gettext_noop("responsibility domains"), found)  # matched, never changed
        if found is None and code and code in self.deciders:
            found = Domain(code=code, name=label or code, description=_documentation(item),
                           deciding_board=self.deciders[code], parent=parent)
            try:
                found.full_clean()
                found.save()
            except ValidationError as error:
                self.fail(item, _messages(error))
                return None
            self.count("created", gettext_noop("responsibility domains"), found)
        if found is not None:
            self.remember("organisations.domain", found.pk, identifier)
        return found

    def process(self, node):
        props = self.properties(node)
        identifier = node.get("identifier")
        code = (props.get("code") or [""])[0]
        process = self.stored("architecture.process", identifier, Process.objects.all())
        if process is None and code:
            process = Process.objects.filter(code=code).first()
        created = process is None
        if created:
            code = code or (identifier if len(identifier) <= 40 else "")
            if not code:
                return self.fail(node, _("the property “%(property)s” is missing (the process's code in the process "
                                         "map).") % {"property": _property("code")})
            process = Process(code=code)
        process.name = _name(node) or process.name
        process.description = _documentation(node)
        if props.get("kind"):
            process.kind = props["kind"][0]
        process = self.save(node, process, created, gettext_noop("processes"), "architecture.process")
        if process is not None:
            self.objects[identifier] = (am.PROCESS, process)

    def component(self, node):
        props = self.properties(node)
        identifier = node.get("identifier")
        name, version = _name(node), (props.get("version") or [""])[0]
        component = (self.stored("lifecycle.component", identifier, Component.objects.all())
                     or Component.objects.filter(name=name, version=version).first())
        created = component is None
        component = component or Component()
        component.name, component.version = name, version
        component.type = (props.get("kind") or ["software" if node.get(am.TYPE) == "SystemSoftware" else "hardware"])[0]
        for key in ("product", "vendor"):
            setattr(component, key, (props.get(key) or [""])[0])
        component.support_ends = (props.get("support_ends") or [None])[0]
        component = self.save(node, component, created, gettext_noop("components"), "lifecycle.component")
        if component is not None:
            self.objects[identifier] = (am.COMPONENT, component)

    def _owner(self, node, props):
        """(organisation, from, mandate, the Assignment) of the service's owner in the file, or Nones."""
        for relationship in self.by_target[node.get("identifier")]:
            if relationship.get(am.TYPE) != "Assignment":
                continue
            found = self.resolve(relationship.get("source"))
            if found and found[0] == am.ORGANISATION:
                rel_props = self.properties(relationship)
                valid_from = (rel_props.get("valid_from") or [None])[0]
                return found[1], valid_from, _documentation(relationship), relationship
        if props.get("owner"):
            return Organisation.objects.filter(code=props["owner"][0]).first(), None, "", None
        return None, None, "", None

    def service(self, node):
        props = self.properties(node)
        identifier = node.get("identifier")
        external_id = (props.get("external_id") or [""])[0]
        service = self.stored("services.service", identifier, Service.objects.all())
        if service is None and external_id:
            service = Service.objects.filter(external_id=external_id).first()
        if service is None:  # an identifier an export of this register made (a service without external id)
            made = self.register._made(identifier)
            service = made[1] if made and made[0] == am.SERVICE else None
        domain = self.domain_of.get(identifier)
        if domain is None and props.get("domain"):
            domain = Domain.objects.filter(code=props["domain"][0]).first()
        fields = {"name": _name(node), "description": _documentation(node)}
        for key in SERVICE_FIELDS:
            if props.get(key):
                value = props[key][0]
                fields[key] = (value == "true") if key == "public" else value
        if domain is not None:
            fields["domain"] = domain
        owner, owner_from, mandate, assignment = self._owner(node, props)
        try:
            if service is None:
                if domain is None:
                    codes = ", ".join(Domain.objects.order_by("code").values_list("code", flat=True)[:20])
                    return self.fail(node, _("no responsibility domain: put the service in the folder of a "
                                             "responsibility domain Styr knows (%(codes)s) or give the property "
                                             "“%(property)s”.") % {"codes": codes or _("there are none"),
                                                                     "property": _property("domain")})
                if "kind" not in fields:
                    return self.fail(node, _("the property “%(property)s” is missing (one of %(values)s).")
                                     % {"property": _property("kind"), "values": ", ".join(Service.Kind.values)})
                if owner_from:
                    owner_from = datetime.date.fromisoformat(owner_from)
                service = service_actions.create_service(as_administrator=True, owner=owner, owner_from=owner_from,
                                                         mandate=mandate, **fields)
                self.count("created", gettext_noop("services"), service)
            else:
                changes = {key: value for key, value in fields.items() if getattr(service, key) != value
                           and str(getattr(service, key)) != str(value)}
                if changes:
                    service = service_actions.update_service(service=service, **changes)
                self.count("updated" if changes else "unchanged", gettext_noop("services"), service)
                if owner is not None:
                    current = current_ownership(service)
                    if current is None or current.organisation_id != owner.pk:
                        self.report.notes.append(
                            _("%(element)s: the owner in the file (%(code)s) is not the owner in Styr; a change of "
                              "owner needs a decision and is not made by an import.")
                            % {"element": describe(node), "code": owner.code})
        except (ValidationError, ValueError) as error:
            return self.fail(node, _messages(error) if isinstance(error, ValidationError) else str(error))
        self.remember("services.service", service.pk, identifier)
        self.objects[identifier] = (am.SERVICE, service)
        if assignment is not None:
            ownership = current_ownership(service)
            if ownership is not None and ownership.organisation_id == owner.pk:
                self.remember("services.ownership", ownership.pk, assignment.get("identifier"))

    def information(self, node):
        props = self.properties(node)
        identifier = node.get("identifier")
        access = next((r for r in self.by_target[identifier] if r.get(am.TYPE) == "Access"
                       and (self.resolve(r.get("source")) or ("",))[0] == am.SERVICE), None)
        if access is None:
            self.report.not_held[gettext_noop("DataObject without a service that uses it (Access)")] += 1
            return
        service = self.resolve(access.get("source"))[1]
        letters = NOTATION.match((props.get("classification") or [""])[0])
        if letters is None:
            return self.fail(node, _("the property “%(property)s” is missing or not written as K3R2T2.")
                             % {"property": _property("classification")})
        fields = {
            "name": _name(node), "description": _documentation(node),
            "owner": (props.get("information_owner") or [""])[0],
            "personal_data": (props.get("personal_data") or ["none"])[0],
            "personal_identity_numbers": (props.get("personal_identity_numbers") or ["false"])[0] == "true",
            "public_record": (props.get("public_record") or ["true"])[0] == "true",
            "confidentiality": int(letters[1]), "integrity": int(letters[2]), "availability": int(letters[3]),
        }
        if props.get("classified_on"):
            fields["classified_on"] = props["classified_on"][0]
        information = (self.stored("security.informationtype", identifier, InformationType.objects.all())
                       or InformationType.objects.filter(service=service, name=fields["name"]).first())
        try:
            if information is None:
                information = security_actions.add_information_type(service=service, user=self.user, **fields)
                self.count("created", gettext_noop("information types"), information)
            else:
                changes = {key: value for key, value in fields.items() if getattr(information, key) != value
                           and str(getattr(information, key)) != str(value)}
                if changes:  # all of them, as before: a new classification takes the file's date with it
                    security_actions.update_information_type(information=information, user=self.user, **fields)
                self.count("updated" if changes else "unchanged", gettext_noop("information types"), information)
        except ValidationError as error:
            return self.fail(node, _messages(error))
        self.remember("security.informationtype", information.pk, identifier)
        self.remember(am.ACCESS, information.pk, access.get("identifier"))
        self.objects[identifier] = (am.INFORMATION, information)

    def relationship(self, node):
        source, target = self.resolve(node.get("source")), self.resolve(node.get("target"))
        kind = node.get(am.TYPE)
        if source is None or target is None:  # an end Styr does not hold (reported as an element)
            self.report.not_held[key_with(gettext_noop("relationship %(type)s to or from something Styr does not hold"),
                                      type=kind)] += 1
            return
        what = am.HELD_RELATIONSHIPS.get((kind, source[0], target[0]))
        if what is None:
            self.report.not_held[key_with(gettext_noop("relationship %(type)s (%(source)s → %(target)s)"), type=kind,
                                      source=source[0], target=target[0])] += 1
            return
        if what in ("ownership", "access"):
            return  # stored with the service and the information
        getattr(self, f"_{what}")(node, source[1], target[1])

    def _organisation_part(self, node, parent, child):
        if child.parent_id != parent.pk:
            child.parent = parent
            if self.save(node, child, False, None, None) is not None:
                self.counted_changed(child)
        self.remember(am.ORGANISATION_PART, child.pk, node.get("identifier"))

    def _process_part(self, node, parent, child):
        if child.parent_id != parent.pk:
            child.parent = parent
            if self.save(node, child, False, None, None) is not None:
                self.counted_changed(child)
        self.remember(am.PROCESS_PART, child.pk, node.get("identifier"))

    def _supports(self, node, service, process):
        row, created = Process.services.through.objects.get_or_create(process=process, service=service)
        self.count("created" if created else "unchanged", gettext_noop("services supporting processes"))
        self.remember(am.SUPPORTS, row.pk, node.get("identifier"))

    def _uses(self, node, component, service):
        row, created = Component.services.through.objects.get_or_create(component=component, service=service)
        self.count("created" if created else "unchanged", gettext_noop("components services use"))
        self.remember(am.USES, row.pk, node.get("identifier"))

    def _dependency(self, node, depends_on, service):
        dependency = (self.stored("architecture.dependency", node.get("identifier"), Dependency.objects.all())
                      or Dependency.objects.filter(service=service, depends_on=depends_on).first())
        created = dependency is None
        dependency = dependency or Dependency(service=service, depends_on=depends_on)
        dependency.description = _documentation(node)
        self.save(node, dependency, created, gettext_noop("dependencies"), "architecture.dependency")

    def _integration(self, node, producer, consumer):
        props = self.properties(node)
        kind = (props.get("kind") or [Integration.Kind.API])[0]
        integration = (self.stored("architecture.integration", node.get("identifier"), Integration.objects.all())
                       or Integration.objects.filter(producer=producer, consumer=consumer, kind=kind).first())
        created = integration is None
        integration = integration or Integration(producer=producer, consumer=consumer)
        integration.kind = kind
        integration.platform = None
        if props.get("platform"):
            platform = self.resolve(props["platform"][0])
            if platform is None or platform[0] != am.SERVICE:
                return self.fail(node, _("the service platform “%(platform)s” is no service in the file or the "
                                         "register.") % {"platform": props["platform"][0]})
            integration.platform = platform[1]
        for key in ("carries", "standard", "criticality", "phase"):
            if props.get(key):
                setattr(integration, key, props[key][0])
        integration.needed = (props.get("needed") or ["true"])[0] == "true"
        integration.description = _documentation(node)
        names = props.get("carries_information", [])
        carried = list(InformationType.objects.filter(service=producer, name__in=names))
        missing = set(names) - {information.name for information in carried}
        if missing:
            return self.fail(node, _("the producer has no information type called %(names)s")
                             % {"names": ", ".join(sorted(missing))})
        urns = props.get("contract", [])
        added = set(urns)
        if not created:  # what the row's own columns do not show: the information it carries, its contracts
            added -= set(ServiceContract.objects.filter(integration=integration).values_list("urn", flat=True))
        carries_other = not created and (set(integration.information_types.values_list("pk", flat=True))
                                         != {information.pk for information in carried})
        integration = self.save(node, integration, created, gettext_noop("integrations"), "architecture.integration",
                                also_changed=bool(added) or carries_other)
        if integration is None:
            return
        integration.information_types.set(carried)
        for urn in dict.fromkeys(urns):
            if urn not in added:
                continue
            contract = ServiceContract(integration=integration, urn=urn)
            try:
                contract.full_clean()
                contract.save()
            except ValidationError as error:
                return self.fail(node, _messages(error))

