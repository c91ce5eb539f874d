from django import forms

from core.forms import DateInput

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


class ComponentForm(forms.ModelForm):
    class Meta:
        model = Component
        fields = ["name", "product", "version", "vendor", "type", "support_ends", "services"]
        widgets = {"support_ends": DateInput, "services": forms.SelectMultiple(attrs={"size": 8})}
