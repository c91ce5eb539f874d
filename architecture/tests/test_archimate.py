"""The ArchiMate exchange (issue 11 point 4): the export validates against The Open Group's XSD, an export
imported into an empty register exports the same model again, and bad files are refused whole."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from lxml import etree

from architecture import archimate
from architecture.archimate_import import ArchimateImportError, import_file
from architecture.models import Dependency, Integration, ModelIdentifier, Process, ServiceContract
from lifecycle.models import Component
from organisations.models import Domain, Organisation
from security.models import InformationType
from services.models import Service
from styr import demo

from . import factories
from .factories_archimate import architecture, canonical, element, export, model

pytestmark = pytest.mark.django_db
NS = {"a": archimate.NS}
TYPE = archimate.TYPE
SAMPLE = Path("/work/shared/data/archimate/Sample1-exchange.xml")


def valid(data):
    schema = archimate.schema()
    document = etree.fromstring(data)
    assert schema.validate(document), schema.error_log
    return document


def counts():
    return {model.__name__: model.objects.count()
            for model in (Organisation, Domain, Service, Process, Component, InformationType, Integration,
                          ServiceContract, Dependency, ModelIdentifier)}


def types(document, tag="element"):
    return sorted(node.get(TYPE) for node in document.iterfind(f".//a:{tag}", NS))


# ------------------------------------------------------------------------------------------------- export

def test_the_export_of_a_built_architecture_validates_and_holds_each_kind_of_record():
    built = architecture()
    document = valid(export())
    elements = {node.get("identifier"): node for node in document.iterfind("a:elements/a:element", NS)}
    assert elements["svc-HSF-012"].get(TYPE) == "ApplicationComponent"
    assert f"svc.{built.portal.pk}" in elements  # no external id: the row
    assert "svc-RS_20_102_2f__e4_" in elements  # escaped into an NCName, one way only
    assert elements["org-HSN"].get(TYPE) == "BusinessActor"
    assert elements["proc-1.1".replace(".", "_2e_")].get(TYPE) == "BusinessProcess"
    assert elements["cmp-Windows_20_Server.2019"].get(TYPE) == "SystemSoftware"
    assert elements["cmp-Lagring."].get(TYPE) == "Node"
    assert types(document).count("DataObject") == 2
    relationships = types(document, "relationship")
    assert relationships.count("Flow") == 2
    assert relationships.count("Serving") == 2 + 2 + 2  # dependencies, component uses, process support
    assert relationships.count("Composition") == 2  # HSN in the region, 1.1 in 1
    assert relationships.count("Access") == 2
    assert relationships.count("Assignment") == 5  # the planned service has no owner
    flow = document.find(f"a:relationships/a:relationship[@identifier='flow.{built.flow.pk}']", NS)
    text = etree.tostring(flow, encoding="unicode")
    assert factories.GET_CARE_DOCUMENTATION in text and "Journalanteckningar" in text and "RIVTA 2.1" in text
    names = {d.get("identifier"): d.findtext("a:name", namespaces=NS)
             for d in document.iterfind("a:propertyDefinitions/a:propertyDefinition", NS)}
    assert names["pd-owner"] == "Ägare" and names["pd-classification"] == "Klassning"
    views = document.findall("a:views/a:diagrams/a:view", NS)
    assert sorted(v.findtext("a:name", namespaces=NS) for v in views) == ["Domän infra", "Domän vard"]
    care = next(v for v in views if v.get("identifier") == "view-vard")
    assert len(care.findall("a:node", NS)) == 4
    assert len(care.findall("a:connection", NS)) == 2  # the flow and the file, both within the domain
    folders = document.find("a:organizations/a:item[@identifier='folder-services']", NS)
    care_folder = folders.find("a:item[@identifier='domain-vard']", NS)
    assert len(care_folder.findall("a:item", NS)) == 4


def test_two_exports_of_one_register_are_the_same_file():
    architecture()
    assert export() == export()


def test_the_export_of_the_demo_validates():
    demo.build()
    document = valid(export())
    assert types(document).count("ApplicationComponent") == Service.objects.count()


def test_the_export_of_a_generated_region_of_1000_services_validates():
    call_command("generate", services=1000, verbosity=0)
    architecture()  # integrations and dependencies, whether or not the generator makes them
    document = valid(export())
    assert types(document).count("ApplicationComponent") == Service.objects.count() >= 1006
    assert types(document, "relationship").count("Flow") == Integration.objects.count()


def test_security_details_of_shielded_services_are_left_out_for_those_who_may_not_see_them():
    from organisations.tests import factories as orgs

    built = architecture()  # Take Care holds K3 information: shielded from those outside its owner
    reader = orgs.user()
    insider = orgs.user(editor_of=built.board)
    hidden = export(reader).decode()
    valid(hidden.encode())
    assert "Journalanteckningar" not in hidden and f"flow.{built.flow.pk}" not in hidden
    assert ">Take Care<" in hidden  # the service itself is there, its classification letters too
    shown = export(insider).decode()
    assert "Journalanteckningar" in shown and f"flow.{built.flow.pk}" in shown


# ------------------------------------------------------------------------------------------------- round trip

def _exported_then_emptied(build):
    """The export of a register built by `build`, and the register emptied again (rolled back)."""
    with transaction.atomic():
        build()
        data = export()
        transaction.set_rollback(True)
    assert Service.objects.count() == 0 and Organisation.objects.count() == 0
    return data


def test_an_export_imported_into_an_empty_register_exports_the_same_model():
    first = _exported_then_emptied(architecture)
    report = import_file(first)
    assert report.created["services"] == 6 and report.created["integrations"] == 2
    assert "Skapade: " in report.lines()[0] and "tjänster 6" in report.lines()[0]
    second = export()
    assert canonical(second) == canonical(first)
    flow = Integration.objects.get(kind="service_contract")
    assert sorted(flow.contracts.values_list("urn", flat=True))[1] == factories.GET_CARE_DOCUMENTATION
    assert list(flow.information_types.values_list("name", flat=True)) == ["Journalanteckningar"]


def test_the_demo_makes_the_round_trip():
    first = _exported_then_emptied(demo.build)
    import_file(first)
    assert canonical(export()) == canonical(first)


def test_the_round_trip_comparison_sees_a_change():
    first = _exported_then_emptied(architecture)
    import_file(first)
    Service.objects.filter(external_id="TC-1").update(criticality="low")
    assert canonical(export()) != canonical(first)


def test_importing_the_same_file_again_updates_nothing_and_duplicates_nothing():
    architecture()
    data = export()
    before = counts()
    report = import_file(data)
    assert not report.created and not report.updated
    after = counts()
    assert {k: v for k, v in after.items() if k != "ModelIdentifier"} == \
        {k: v for k, v in before.items() if k != "ModelIdentifier"}
    assert canonical(export()) == canonical(data)


def test_importing_the_same_file_twice_reports_everything_unchanged_the_second_time():
    first = _exported_then_emptied(architecture)
    created = import_file(first).created
    second = import_file(first)
    assert not second.created and not second.updated
    assert second.unchanged == created
    assert {"organisations", "processes", "components", "services", "information types", "integrations",
            "dependencies", "responsibility domains"} <= set(second.unchanged)
    lines = second.lines()
    assert lines[:2] == ["Skapade: inget", "Uppdaterade: inget"]
    assert lines[2].startswith("Oförändrade: ") and "organisationer " in lines[2] and "processer " in lines[2]


def test_an_import_counts_as_updated_only_what_changed():
    first = _exported_then_emptied(architecture)
    import_file(first)
    report = import_file(first.replace(b">Take Care<", b">Take Care 2<"))
    assert report.updated == {"services": 1}
    assert report.unchanged["services"] == 5 and "organisations" not in report.updated


def test_an_import_updates_a_service_matched_on_its_external_id():
    built = architecture()
    data = export().replace(b">Take Care<", b">Take Care 2<")
    import_file(data)
    built.journal.refresh_from_db()
    assert built.journal.name == "Take Care 2"


def test_sample1_imports_with_a_report_of_what_styr_does_not_hold():
    report = import_file(SAMPLE.read_bytes())
    assert dict(report.labelled(report.not_held)) == {"element BusinessRole": 1,
                                                      "relation Assignment till eller från något Styr inte har": 1}
    with translation.override("en"):  # the keys are translated when shown, not when counted
        assert "  relationship Assignment to or from something Styr does not hold: 1" in report.lines()
    assert "  relation Assignment till eller från något Styr inte har: 1" in report.lines()
    assert Process.objects.get().name == "Sell Product"
    assert ModelIdentifier.objects.get(model="architecture.process").identifier == "id-89c22226"


# ------------------------------------------------------------------------------------------------- bad files

def refused(data):
    before = counts()
    with pytest.raises(ArchimateImportError) as refusal:
        import_file(data)
    assert counts() == before
    return "\n".join(refusal.value.errors)


def test_a_file_that_is_not_xml_is_refused():
    assert "inte XML" in refused(b"Namn;Typ\nRTP;infrastructure\n")


def test_a_file_in_another_namespace_is_refused():
    message = refused(SAMPLE.read_bytes().replace(b"archimate/3.0/", b"archimate/2.1/"))
    assert "namnrymd" in message and "archimate/2.1/" in message


def test_a_file_not_valid_against_the_schema_is_refused_with_its_line():
    data = model(element("e1", "Gadget", "Sak"))
    message = refused(data)
    assert "Rad 2" in message and "Gadget" in message


def test_a_duplicated_identifier_is_refused_naming_both_elements():
    architecture()
    data = model(element("dup", "BusinessProcess", "Ett", code="9"), element("dup", "BusinessProcess", "Två"))
    message = refused(data)
    assert "“dup”" in message and "(Ett)" in message and "(Två)" in message


def test_a_dangling_relationship_is_refused_naming_it():
    data = model(element("p1", "BusinessProcess", "Ett", code="9"),
                 relationships='<relationship identifier="r1" source="nowhere" target="p1" xsi:type="Composition"/>')
    message = refused(data)
    assert "“r1”" in message and "“nowhere”" in message


def test_a_relationship_may_end_at_an_element_of_the_register():
    built = architecture()
    data = model(element("p9", "BusinessProcess", "Ny process", code="9"),
                 relationships='<relationship identifier="r1" source="svc-TC-1" target="p9" xsi:type="Serving"/>')
    import_file(data)
    assert list(Process.objects.get(code="9").services.all()) == [built.journal]


def test_a_service_without_a_domain_is_refused_saying_what_is_missing():
    orgs_before = Organisation.objects.count()
    data = model(element("s1", "ApplicationComponent", "Lös tjänst", kind="local"),
                 element("p1", "BusinessProcess", "Process", code="9"))
    message = refused(data)
    assert "s1" in message and "ansvarsområde" in message
    assert Organisation.objects.count() == orgs_before and not Process.objects.exists()


def test_a_business_actor_without_its_kind_is_refused():
    message = refused(model(element("a1", "BusinessActor", "Någon", code="X1")))
    assert "a1" in message and "“Typ”" in message


# ------------------------------------------------------------------------------------------------- command

def test_the_commands_export_and_import_a_file(tmp_path, capsys):
    architecture()
    target = tmp_path / "region.xml"
    call_command("export_data", "archimate", "-o", str(target))
    valid(target.read_bytes())
    call_command("import_data", "archimate", str(target))
    assert "Skapade: inget" in capsys.readouterr().out


def test_the_import_command_refuses_a_bad_file_and_names_the_element(tmp_path, capsys):
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.xml"
    bad.write_bytes(model(element("s1", "ApplicationComponent", "Lös tjänst", kind="local")))
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("import_data", "archimate", str(bad))
    assert "s1" in capsys.readouterr().err
    assert not Service.objects.exists()


def test_the_export_command_exits_nonzero_without_an_output():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="output"):
        call_command("export_data", "archimate")


def test_identifiers_are_ncnames():
    built = architecture()
    built.journal.external_id = "1:a b/ö"
    built.journal.save()
    data = export()
    valid(data)
    assert re.search(rb'identifier="svc-1_3a_a_20_b_2f__f6_"', data)
