import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.forms import DateInput
from core.suggest import SuggestField, SuggestMultipleField
from core.versioning import version_field
from decisions.models import Decision
from organisations.models import Organisation
from services.models import Service


class TransferRequestForm(forms.Form):
    # Organisations grow with the region: typed with suggestions (core.suggest), only active ones accepted.
    to = SuggestField(kind="organisation", options_id="to-options", queryset=Organisation.objects.filter(active=True),
                      label=_("New owner"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    requested_date = forms.DateField(label=_("Requested date of transfer"), widget=DateInput,
                                     initial=datetime.date.today)


class RiskAnalysisForm(forms.Form):
    text = forms.CharField(label=_("Risk and consequence analysis"), widget=forms.Textarea(attrs={"rows": 6}))
    document = forms.FileField(label=_("Document (optional)"), required=False, validators=[uploads.check])
    row_version = version_field()


class DecideForm(forms.Form):
    """The decision is one of the entitled body's; the view narrows the choice to those (a body's decisions of
    a period are few, so a plain select serves), and the action checks it again."""

    approve = forms.TypedChoiceField(label=_("Outcome"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("Approved")), ("no", _("Rejected"))])
    decision = forms.ModelChoiceField(queryset=Decision.objects.none(), label=_("Decision"),
                                      help_text=_("Record the decision first under Decisions if it is not listed."))
    # What the decider read (the analysis, the need): a decision over a newer text is refused.
    row_version = version_field()

    def __init__(self, *args, decisions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if decisions is not None:
            self.fields["decision"].queryset = decisions


class TransferDecideForm(DecideForm):
    effective_date = forms.DateField(label=_("Takes effect"), widget=DateInput, required=False)


class ExemptionDecideForm(DecideForm):
    expires_on = forms.DateField(label=_("Valid until"), widget=DateInput, required=False)


class ExemptionRequestForm(forms.Form):
    requesting_organisation = SuggestField(kind="organisation", options_id="requesting-options",
                                           queryset=Organisation.objects.filter(active=True), label=_("Requested by"))
    unique_need = forms.CharField(label=_("The unique need"), widget=forms.Textarea(attrs={"rows": 3}))
    why_not_common = forms.CharField(label=_("Why the common services will not do"),
                                     widget=forms.Textarea(attrs={"rows": 3}))
    # Common services grow with the register: typed with suggestions, several separated by semicolons.
    considered = SuggestMultipleField(
        kind="service", options_id="considered-options", queryset=Service.objects.filter(kind=Service.Kind.COMMON),
        required=False, label=_("Common services considered"),
        help_text=_("Common services only, separated by semicolons, e.g. Regional tjänsteplattform (HSF-012); "
                    "1177 Vårdguiden (RS-001)."))
