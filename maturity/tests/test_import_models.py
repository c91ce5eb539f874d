"""Import and export of a maturity model: a new version per file, bad rows named, nothing stored; round trip."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from maturity import actions, imports
from maturity.models import MaturityModel, MeasurementPoint
from organisations.tests import factories as org

pytestmark = pytest.mark.django_db

HEADER = "dimension;dimension_name;category;category_name;point;text;scale_min;scale_max;weight;order\n"
GOOD = HEADER + ("formaga;Digital förmåga;led;Ledning;led-1;Vi har en målbild.;1;5;2;1\n"
                 "formaga;Digital förmåga;led;Ledning;led-2;Vi följer upp.;1;5;1;2\n"
                 "arv;Digitalt arv;sys;System;sys-1;Systemen är moderna.;1;7;1,5;3\n")


def _import(text, user, code="modell"):
    return imports.import_model("modell.csv", text.encode(), user=user, code=code, model_name="Modellen")


def test_import_creates_versions():
    admin = org.user(admin=True)
    result, first = _import(GOOD, admin)
    assert result.stored and first.version == 1
    assert first.dimensions.count() == 2 and first.categories.count() == 2
    assert MeasurementPoint.objects.get(model=first, code="sys-1").weight == 1.5
    _result, second = _import(GOOD, admin)
    assert second.version == 2 and MaturityModel.objects.filter(code="modell").count() == 2


@pytest.mark.parametrize("line, column", [
    ("arv;Digitalt arv;sys;System;led-1;Dubbel.;1;5;1;4", "point"),
    ("arv;Digitalt arv;sys;System;sys-2;Skala.;5;5;1;4", "scale_max"),
    ("arv;Digitalt arv;sys;System;sys-2;Vikt.;1;5;0;4", "weight"),
    ("arv;Digitalt arv;sys;System;sys-2;Tal.;ett;5;1;4", "scale_min"),
    ("arv;Digitalt arv;led;Ledning;sys-2;Fel dimension.;1;5;1;4", "category"),
    ("arv;Digitalt arv;sys;System;sys 2;Kod.;1;5;1;4", "point"),
    ("arv;Digitalt arv;sys;System;sys-2;;1;5;1;4", "text"),
])
def test_bad_rows_named_nothing_stored(line, column):
    result, model = _import(GOOD + line + "\n", org.user(admin=True))
    assert model is None and not result.stored
    assert [(e.row, e.column) for e in result.errors] == [(5, column)]
    assert not MaturityModel.objects.exists()


def test_only_administrators():
    with pytest.raises(PermissionDenied):
        _import(GOOD, org.user(editor_of=org.organisation()))


def test_export_round_trip_and_copy(client):
    admin = org.user(admin=True)
    _result, model = _import(GOOD, admin)
    client.force_login(admin)
    data = client.get(f"/mognad/modeller/{model.pk}/export.xlsx").content
    assert [c.value for c in next(load_workbook(io.BytesIO(data)).active.iter_rows())] == imports.MODEL_COLUMNS
    result, again = imports.import_model("m.xlsx", data, user=admin, code="modell", model_name="Modellen")
    assert result.stored and actions.model_rows(again) == actions.model_rows(model)
    text = client.get(f"/mognad/modeller/{model.pk}/export.csv").content.decode("utf-8-sig")
    assert text.startswith("dimension;dimension_name")
    copy = actions.copy_model(user=admin, model=model)
    assert copy.version == 3 and actions.model_rows(copy) == actions.model_rows(model)
