"""Forms of the maturity rounds: model import, round, unit, a unit in a round (the unit typed with suggestions:
a region may assess thousands of units) and one respondent's answers."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core import access
from core.forms import DateInput
from core.suggest import SuggestField
from core.versioning import VersionedModelForm
from organisations.models import Organisation

from .models import MaturityModel, Round, Unit


def unit_text(unit):
    return f"{unit.name} ({unit.code})"


class UnitField(forms.Field):
    """A unit typed as its code or "Name (CODE)", suggested while typing (maturity:unit-options)."""

    def __init__(self, *, options_id="unit-options", **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "list": options_id, "autocomplete": "off", "maxlength": 270,
            "hx-get": reverse_lazy("maturity:unit-options"), "hx-trigger": "input changed delay:300ms",
            "hx-target": f"#{options_id}", "hx-swap": "innerHTML"}))
        self.options_id = options_id
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return unit_text(value) if isinstance(value, Unit) else value

    def to_python(self, value):
        text = (value or "").replace("\x00", "").strip()[:270]
        if not text:
            return None
        code = text.rsplit("(", 1)[1].rstrip(") ") if text.endswith(")") and "(" in text else text
        unit = Unit.objects.filter(code__iexact=code[:60]).first()
        if unit is None:
            raise forms.ValidationError(_("No unit has the code %(code)s. Type its name and pick it from the "
                                          "suggestions."), code="unknown", params={"code": code[:60]})
        return unit


class FileForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


class ModelImportForm(FileForm):
    code = forms.SlugField(label=_("Model code"), max_length=40,
                           help_text=_("An existing code gets its next version; a new code starts at version 1."))
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    field_order = ["code", "name", "description", "source", "file"]


class RoundForm(VersionedModelForm):
    class Meta:
        model = Round
        fields = ["model", "name", "period_start", "period_end", "plan_within_days"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = MaturityModel.objects.order_by("code", "-version")
        if self.instance.pk:
            self.fields["model"].disabled = True  # the answers belong to the model version's points


class RoundUnitForm(forms.Form):
    unit = UnitField(label=_("Unit"), help_text=_("Code or name, e.g. SLSO-PRIMARVARD."))
    invited = forms.IntegerField(label=_("Respondents invited"), min_value=0, max_value=1_000_000, required=False)


class UnitForm(VersionedModelForm):
    class Meta:
        model = Unit
        fields = ["organisation", "code", "name"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = access.editable_organisation_ids(user)
        # An editor picks among the organisations they edit for; an administrator among all, typed with suggestions.
        SuggestField.replacing(self, "organisation", kind="organisation",
                               queryset=None if ids is None else Organisation.objects.filter(pk__in=ids))


class ResponseForm(forms.Form):
    """One respondent's answers for a unit: a field per point of the round's model, within its scale."""

    unit = UnitField(label=_("Unit"))
    respondent = forms.CharField(label=_("Respondent"), max_length=100,
                                 help_text=_("The respondent's key in the survey tool, not a name."))
    submitted_on = forms.DateField(label=_("Submitted on"), required=False, widget=DateInput())

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.point_codes = []
        for point in points:
            self.fields[f"p_{point.code}"] = forms.IntegerField(
                label=f"{point.code} {point.text}", required=False, min_value=point.scale_min,
                max_value=point.scale_max, help_text=_("%(min)s–%(max)s; empty when not answered.") % {
                    "min": point.scale_min, "max": point.scale_max})
            self.point_codes.append(point.code)

    def answers(self):
        return {code: self.cleaned_data.get(f"p_{code}") for code in self.point_codes}
