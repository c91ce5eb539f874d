"""Forms of personal data and suppliers, continuity and protection requirements. They only read and check
input; the write goes through security.actions (views call the action with the form's cleaned data)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.versioning import VersionedModelForm

from .models import ContinuityPlan, DataProcessingAgreement, TransferAssessment


class AgreementForm(VersionedModelForm):
    class Meta:
        model = DataProcessingAgreement
        fields = ["party", "signed_on", "expires_on", "outside_eea", "countries"]
        widgets = {"signed_on": DateInput, "expires_on": DateInput}


class TransferAssessmentForm(VersionedModelForm):
    class Meta:
        model = TransferAssessment
        fields = ["assessed_on", "mechanism", "conclusion"]
        widgets = {"assessed_on": DateInput, "conclusion": forms.Textarea(attrs={"rows": 3})}


class ContinuityPlanForm(VersionedModelForm):
    class Meta:
        model = ContinuityPlan
        fields = ["recovery_time_hours", "recovery_point_hours", "fallback_routine", "last_exercised_on"]
        widgets = {"last_exercised_on": DateInput, "fallback_routine": forms.Textarea(attrs={"rows": 4})}


class FulfilmentForm(forms.Form):
    evidence = forms.CharField(label=_("how it is met"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CatalogueImportForm(forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("An .xlsx or .csv file whose first row names the columns."))
