import io
import pytest
from django.db import transaction
from lxml import etree
from architecture import archimate_export, archimate_import
from styr import demo


def canonical(data):
    def walk(node):
        return (node.tag, tuple(sorted(node.attrib.items())), (node.text or "").strip(),
                tuple(sorted(walk(child) for child in node)))
    return walk(etree.fromstring(data))


def export():
    b = io.BytesIO(); archimate_export.write(b); return b.getvalue()


@pytest.mark.django_db
def test_try():
    with transaction.atomic():
        demo.build()
        first = export()
        transaction.set_rollback(True)
    from services.models import Service
    assert Service.objects.count() == 0
    try:
        report = archimate_import.import_file(first)
    except archimate_import.ArchimateImportError as e:
        print("\n".join(e.errors)); raise
    print("\n".join(report.lines()))
    second = export()
    open("/tmp/a.xml","wb").write(first); open("/tmp/b.xml","wb").write(second)
    assert canonical(first) == canonical(second)
