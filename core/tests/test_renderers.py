"""core.renderers writes the choice widgets out in Python: the markup must be Django's own, character for
character, for every kind of choice widget and value the forms use."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from core.renderers import Renderer

CHOICES = [("", "---------"), ("a", "Alfa & <b>"), ("b", gettext_lazy("Name")), (3, 1234567), ("q\"", mark_safe("<i>x</i>"))]
GROUPED = [("Grupp <1>", [("a", "A"), ("b", "B")]), ("c", "C"), (gettext_lazy("Kind"), [(datetime.date(2026, 1, 2), "Dag")])]


class Subclassed(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"  # an option template of its own


WIDGETS = [
    forms.Select(choices=CHOICES),
    forms.Select(choices=GROUPED, attrs={"class": "x", "required": True, "disabled": False, "data-n": 5}),
    forms.SelectMultiple(choices=CHOICES),
    forms.NullBooleanSelect(),
    forms.CheckboxSelectMultiple(choices=CHOICES),
    forms.CheckboxSelectMultiple(choices=GROUPED, attrs={"class": "choices"}),
    forms.RadioSelect(choices=CHOICES),
    forms.RadioSelect(choices=GROUPED),
    Subclassed(choices=CHOICES),
]
VALUES = [None, "", "a", ["a", "b"], 3, "q\"", "unknown", True, False, "true", datetime.date(2026, 1, 2)]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", VALUES, ids=repr)
@pytest.mark.parametrize("attrs", [None, {"id": "id_f"}, {"id": "id_<f>", "aria-describedby": "h\"1"}], ids=repr)
def test_the_markup_is_djangos_own(widget, value, attrs):
    if isinstance(widget, forms.NullBooleanSelect) and isinstance(value, list):
        pytest.skip("a yes/no select has one value")
    for language in ("sv", "en"):
        with override(language):
            assert widget.render("f", value, attrs=attrs, renderer=Renderer()) == \
                widget.render("f", value, attrs=attrs, renderer=DjangoTemplates())


def test_the_forms_use_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)


def test_other_templates_go_to_django():
    widget = forms.TextInput(attrs={"class": "x"})
    assert widget.render("t", "v<", renderer=Renderer()) == widget.render("t", "v<", renderer=DjangoTemplates())
    assert "value=\"v&lt;\"" in widget.render("t", "v<", renderer=Renderer())


@pytest.mark.parametrize("widget", WIDGETS[:-1], ids=lambda w: type(w).__name__)
def test_choice_widgets_read_no_template(widget, monkeypatch):
    def no_template(*args, **kwargs):
        raise AssertionError("a template was read")

    monkeypatch.setattr(DjangoTemplates, "get_template", no_template)
    assert widget.render("f", "a", attrs={"id": "id_f"}, renderer=Renderer()).startswith(("<select", "<div"))
    with pytest.raises(AssertionError):
        WIDGETS[-1].render("f", "a", renderer=Renderer())  # its own option template: Django's renderer
