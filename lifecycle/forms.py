from django import forms

from services.forms import DateInput

from .models import Component, Environment, TestRecord


class TestRecordForm(forms.ModelForm):
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
