from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.suggest import SuggestField
from core.versioning import VersionedModelForm

from .models import Component, Environment, TestRecord


class TestRecordForm(forms.ModelForm):
    evidence_url = forms.URLField(label=TestRecord._meta.get_field("evidence_url").verbose_name, required=False,
                                  assume_scheme="https", help_text=TestRecord._meta.get_field("evidence_url").help_text)

    class Meta:
        model = TestRecord
        fields = ["type", "version", "environment", "performed_on", "result", "evidence_url"]
        widgets = {"performed_on": DateInput}


class EnvironmentForm(forms.ModelForm):
    class Meta:
        model = Environment
        fields = ["kind", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ComponentForm(VersionedModelForm):
    """A component's own facts. Its services are linked one at a time on its page (ComponentServiceForm): a
    select of every service in the register was 20,027 options and 1 MiB at 20k services (issue 13)."""

    class Meta:
        model = Component
        fields = ["name", "product", "version", "vendor", "type", "support_ends"]
        widgets = {"support_ends": DateInput}


class ComponentServiceForm(forms.Form):
    service = SuggestField(kind="service", options_id="component-service-options", label=_("Service"))
