import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from .models import Consumer, RoleAssignment, Service

SERVICE_FORM_FIELDS = [
    "name", "short_name", "version", "description", "kind", "domain", "categories", "phase", "criticality",
    "delivery_model", "supplier", "sourcing_review_date", "external_id",
]


class DateInput(forms.DateInput):
    input_type = "date"


class ServiceForm(forms.ModelForm):
    row_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Service
        fields = SERVICE_FORM_FIELDS
        widgets = {
            "sourcing_review_date": DateInput(format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["row_version"] = self.instance.row_version
            # Offer only the phases the lifecycle allows from here; the action checks it again.
            current = Service.Phase(self.instance.phase)
            allowed = {current, *Service.TRANSITIONS[current]}
            self.fields["phase"].choices = [(v, label) for v, label in Service.Phase.choices if v in allowed]


class ServiceCreateForm(ServiceForm):
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(active=True), required=False, label=_("Owner"),
        help_text=_("Required for every phase after “planned”."),
    )
    owner_from = forms.DateField(label=_("Owner from"), initial=datetime.date.today, widget=DateInput)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["row_version"]
        if organisations is not None:
            self.fields["owner"].queryset = Organisation.objects.filter(pk__in=organisations)


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(queryset=Organisation.objects.filter(active=True), label=_("New owner"))
    on_date = forms.DateField(label=_("Takes over on"), initial=datetime.date.today, widget=DateInput)
    mandate = forms.CharField(label=_("Mandate"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision_reference = forms.CharField(label=_("Decision reference"), required=False, max_length=100)


class ConsumerForm(forms.ModelForm):
    """Built with instance=Consumer(service=...), so the one-consumer-per-organisation rule can be told."""

    class Meta:
        model = Consumer
        fields = ["organisation", "volume", "unit"]

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        if Consumer.objects.filter(service=self.instance.service, organisation=organisation).exclude(
            pk=self.instance.pk
        ).exists():
            raise forms.ValidationError(_("%(org)s is already a consumer of this service.") % {"org": organisation})
        return organisation


class RoleAssignmentForm(forms.ModelForm):
    """Built with instance=RoleAssignment(service=...), like ConsumerForm."""

    class Meta:
        model = RoleAssignment
        fields = ["role", "person_name", "email"]

    def clean(self):
        data = super().clean()
        if RoleAssignment.objects.filter(
            service=self.instance.service, role=data.get("role"), person_name=data.get("person_name")
        ).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("That person already has that role for this service."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
    skip_invalid = forms.BooleanField(
        label=_("Store the valid rows and skip the invalid ones"), required=False
    )


def add_action_errors(form, error):
    """Put a ValidationError from an action on the form's fields, or above them if the form lacks one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
