import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.suggest import SuggestField
from core.versioning import VersionedModelForm
from decisions.models import Decision
from organisations.models import Organisation

from . import actions
from .models import Consumer, RoleAssignment, Service

SERVICE_FORM_FIELDS = [
    "name", "short_name", "version", "description", "kind", "domain", "categories", "phase", "criticality",
    "delivery_model", "supplier", "sourcing_review_date", "external_id",
    "audience", "public", "accessibility_statement_url",
]


class ServiceForm(VersionedModelForm):
    accessibility_statement_url = forms.URLField(
        label=Service._meta.get_field("accessibility_statement_url").verbose_name, required=False, max_length=500,
        assume_scheme="https", help_text=Service._meta.get_field("accessibility_statement_url").help_text)

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
            # Offer only the phases the lifecycle allows from here; the action checks it again.
            current = Service.Phase(self.instance.phase)
            allowed = {current, *Service.TRANSITIONS[current]}
            self.fields["phase"].choices = [(v, label) for v, label in Service.Phase.choices if v in allowed]


class ServiceCreateForm(ServiceForm):
    # Typed with suggestions: a select of every organisation grows with the register (issue 13).
    owner = SuggestField(
        kind="organisation", options_id="owner-options", queryset=Organisation.objects.filter(active=True),
        required=False, label=_("Owner"), help_text=_("Required for every phase after “planned”."),
    )
    owner_from = forms.DateField(label=_("Owner from"), initial=datetime.date.today, widget=DateInput)
    # On registration "not stated" is a choice of its own: the action then publishes a service for residents.
    public = forms.TypedChoiceField(
        label=_("Published in the public catalogue"), required=False, empty_value=None,
        coerce=lambda value: value == "yes",
        choices=[("", _("As the audience says (yes for residents)")), ("yes", _("Yes")), ("no", _("No"))],
    )

    def __init__(self, *args, organisations=None, as_administrator=False, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["owner"].queryset = Organisation.objects.filter(active=True, pk__in=organisations)
        if not as_administrator:  # the action refuses the others; the form does not offer them
            self.fields["phase"].choices = [(v, label) for v, label in Service.Phase.choices
                                            if v in actions.EDITOR_REGISTERS]
            del self.fields["owner_from"]  # an editor's service is owned from the day it is registered


class OwnershipCorrectionForm(forms.Form):
    """An administrator's correction of the ownership record, naming the decision by body and registry
    number (typed, not picked from a list of every decision)."""

    to = SuggestField(kind="organisation", options_id="to-options", queryset=Organisation.objects.filter(active=True),
                      label=_("Owner"))
    on_date = forms.DateField(label=_("Owner from"), initial=datetime.date.today, widget=DateInput)
    mandate = forms.CharField(label=_("Mandate"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision_body = SuggestField(kind="organisation", options_id="body-options", label=_("Deciding body"))
    decision_number = forms.CharField(label=_("Registry number of the decision"), max_length=20,
                                      help_text=_("e.g. RS 2020-0242; record the decision first if it is missing."))

    def clean(self):
        data = super().clean()
        body, number = data.get("decision_body"), (data.get("decision_number") or "").strip()
        if body and number:
            data["decision"] = Decision.objects.filter(body=body, registry_number=number).first()
            if data["decision"] is None:
                self.add_error("decision_number", _("%(body)s has no decision %(number)s on record.")
                               % {"body": body, "number": number})
        return data


class ConsumerForm(forms.ModelForm):
    """Built with instance=Consumer(service=...), so the one-consumer-per-organisation rule can be told."""

    organisation = SuggestField(kind="organisation", options_id="consumer-organisation-options",
                                label=_("Organisation"))

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


class ConsumerVolumeForm(VersionedModelForm):
    """The volume of one consumer, changed in place on the service page; carries the version it showed."""

    class Meta:
        model = Consumer
        fields = ["volume"]

    def clean_volume(self):
        # Django reads "١٢" as 12: a figure typed in other digits is refused, as everywhere in Styr.
        if not str(self.data.get("volume", "")).strip().isascii():
            raise forms.ValidationError(_("Enter the volume in the digits 0–9."), code="not_ascii")
        return self.cleaned_data["volume"]


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
