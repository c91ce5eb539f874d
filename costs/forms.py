"""Forms of costs in the web interface: cost lines, funding models with their keys, drivers, a service-year's
usage as a table, and the usage upload. Services and organisations are typed with suggestions (core.suggest),
never picked from a select of the whole register. The rules themselves are in costs.actions and the models."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.suggest import SuggestField, SuggestInput, clean
from core.versioning import VersionedModelForm, version_field
from services.models import Service

from .models import CostLine, Driver, FundingModel

KRONOR = re.compile(r"^[0-9]{1,20}(?:\.(?P<decimals>[0-9]{0,10}))?$", re.ASCII)
MAX_KRONOR = Decimal(10) ** 13  # öre in a BigIntegerField with room to sum a region's lines


def decimal_text(value):
    """A number as people in Sweden write it: a decimal comma, spaces (or non-breaking spaces) between thousands."""
    return str(value or "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".").strip()


class SwedishDecimalField(forms.DecimalField):
    """A decimal number, with a decimal comma accepted ("12,5") as well as a point."""

    def to_python(self, value):
        return super().to_python(decimal_text(value) if isinstance(value, str) else value)


class KronorField(forms.Field):
    """Kronor with at most two decimals, cleaned to whole öre (an int): "1 234,50" is 123450."""

    default_error_messages = {
        "invalid": _("Give the amount in kronor, e.g. 1 234 567,50."),
        "negative": _("An amount cannot be negative."),
        "too_many_decimals": _("Give at most two decimals (öre)."),
        "too_large": _("The amount is too large."),
    }

    widget = forms.TextInput(attrs={"maxlength": 30, "inputmode": "decimal"})

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{Decimal(value) / 100:.2f}".replace(".", ",")
        return value

    def to_python(self, value):
        text = decimal_text(value)[:40]
        if not text:
            return None
        if text.startswith("-") and KRONOR.match(text[1:]):
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        match = KRONOR.match(text)  # plain digits only: no exponents, no other scripts' digits, no NaN
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(match["decimals"] or "") > 2:
            raise forms.ValidationError(self.error_messages["too_many_decimals"], code="too_many_decimals")
        amount = Decimal(text)
        if amount >= MAX_KRONOR:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return int(amount * 100)


class ServicePick(SuggestField):
    """A service typed with suggestions; in a filter also its id, as the API has always taken it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Service"))
        super().__init__(kind="service", **kwargs)

    def to_python(self, value):
        text = clean(value) if isinstance(value, str) else ""
        if text.isascii() and text.isdigit() and len(text) < 19:
            found = Service.objects.filter(pk=int(text)).first()
            if found is not None:
                return found
        return super().to_python(value)


class OrganisationPick(SuggestField):
    """An organisation typed with suggestions, or its code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Organisation"))
        super().__init__(kind="organisation", **kwargs)


class CostLineForm(VersionedModelForm):
    service = ServicePick()
    amount_ore = KronorField(label=_("Amount (kr)"), help_text=_(
        "In kronor; a decimal comma and spaces between thousands are fine (1 234 567,50). Stored in whole öre."))

    class Meta:
        model = CostLine
        fields = ["service", "year", "figure", "cost_type", "amount_ore", "note"]


class DriverForm(VersionedModelForm):
    class Meta:
        model = Driver
        fields = ["code", "name"]
        help_texts = {"code": _("Short and unchangeable, as import files name it: users, transactions, licences.")}


class FundingModelForm(VersionedModelForm):
    service = ServicePick()
    funder = OrganisationPick(label=_("Funded by"), required=False,
                              help_text=_("Only for funding in common: the organisation that pays."))
    # Decisions grow without end: typed with suggestions (core.suggest), "Title (registry number)".
    decision = SuggestField(kind="decision", options_id="decision-options", label=_("Decision"), required=False,
                            help_text=_("Only for funding in common: the decision that set it, e.g. "
                                        "Finansiering av gemensamma tjänster 2027 (RS 2026-0412)."))
    driver = forms.ModelChoiceField(label=_("Usage driver"), queryset=Driver.objects.order_by("name"),
                                    to_field_name="code", required=False,
                                    help_text=_("Only for a volume-based fee: what usage is counted in."))

    class Meta:
        model = FundingModel
        fields = ["service", "year", "method", "driver", "funder", "decision"]



def own_options(form):
    """Each row of a table its own suggestion list: ids on a page are unique."""
    form.fields["organisation"].widget = SuggestInput("organisation", f"{form.prefix}-organisation-options")


class KeyRowForm(forms.Form):
    """One organisation's percentage in a fixed key; an empty row is ignored."""

    organisation = OrganisationPick(required=False)
    percent = SwedishDecimalField(label=_("Percent"), required=False, min_value=0, max_value=100,
                                  max_digits=7, decimal_places=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own_options(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") and cleaned.get("percent") is None and not self.has_error("percent"):
            self.add_error("percent", _("Give the organisation's percentage."))
        if cleaned.get("percent") is not None and not cleaned.get("organisation") and not self.has_error(
                "organisation"):
            self.add_error("organisation", _("Name the organisation this percentage is for."))
        return cleaned


KeyFormSet = forms.formset_factory(KeyRowForm, extra=3, max_num=200, absolute_max=200, validate_max=True)


class UsageRowForm(forms.Form):
    """One organisation's volume in a service-year's usage table; an empty volume removes the row."""

    usage = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**63 - 1)
    row_version = version_field()
    organisation = OrganisationPick(required=False)
    volume = SwedishDecimalField(label=_("Volume"), required=False, min_value=0, max_digits=16, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own_options(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("volume") is not None and not cleaned.get("organisation") and not self.has_error(
                "organisation"):
            self.add_error("organisation", _("Name the organisation this volume is for."))
        return cleaned


UsageFormSet = forms.formset_factory(UsageRowForm, extra=3, max_num=2000, absolute_max=2000, validate_max=True)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"), help_text=_(
        "Columns service (its external id), year, organisation (its code), driver (its code) and volume. Nothing is "
        "stored if any row is wrong; each wrong row is named with its column."))


class UsageChoiceForm(forms.Form):
    """Which usage table to show: one service, one year, one driver (the funding model's when not given)."""

    service = ServicePick()
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    driver = forms.ModelChoiceField(label=_("Usage driver"), queryset=Driver.objects.order_by("name"),
                                    to_field_name="code", required=False, empty_label=_("The funding model's"))
