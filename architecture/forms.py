"""Forms of integrations and dependencies. The other service is typed with suggestions as one types
(search-as-you-type: the register grows without end, so no select lists it), written as "Name (external id)"."""

import re

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.versioning import VersionedModelForm
from security.models import InformationType
from services.models import Service

from .models import Dependency, Integration


def service_text(service):
    """How a service is written in a field and offered while typing: "Regional tjänsteplattform (HSF-012)"."""
    return f"{service.name} ({service.external_id or '#' + str(service.pk)})"


SERVICE_TEXT = re.compile(r"^\s*(?P<name>.*?)\s*(?:\((?P<key>[^()]*)\))?\s*$", re.DOTALL)


class ServiceField(forms.Field):
    default_error_messages = {
        "unknown": _("No service %(text)s is in the register. Type its name and pick it from the suggestions, "
                     "e.g. Regional tjänsteplattform (HSF-012)."),
        "ambiguous": _("More than one service is called %(text)s: pick it from the suggestions, which add its "
                       "identifier in brackets."),
    }

    def __init__(self, *, options_id, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "list": options_id, "autocomplete": "off", "maxlength": 260,
            "hx-get": reverse_lazy("architecture:service-options"), "hx-trigger": "input changed delay:300ms",
            "hx-target": f"#{options_id}", "hx-swap": "innerHTML",
        }))
        self.options_id = options_id
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Service):
            return service_text(value)
        if isinstance(value, int):
            service = Service.objects.filter(pk=value).first()
            return service_text(service) if service else ""
        return value

    def to_python(self, value):
        text = (value or "").replace("\x00", "").strip()[:260]
        if not text:
            return None
        match = SERVICE_TEXT.match(text)
        name, key = match["name"], (match["key"] or "").strip()
        found = []
        if key.startswith("#") and key[1:].isdigit() and len(key) < 19:
            found = list(Service.objects.filter(pk=int(key[1:]), name=name)[:2])
        elif key:
            found = list(Service.objects.filter(external_id=key)[:2])
        # A name alone, or a name that itself ends in brackets.
        for candidate in ([] if found else [text, name] if key else [text]):
            found = list(Service.objects.filter(name=candidate)[:2])
            if found:
                break
        if not found:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"text": text[:80]})
        if len(found) > 1:
            raise forms.ValidationError(self.error_messages["ambiguous"], code="ambiguous",
                                        params={"text": text[:80]})
        return found[0]


class IntegrationForm(VersionedModelForm):
    """The integration a service receives: its consumer is the service the form is opened from (the consumer's
    owner records it). Service contracts are typed one per line."""

    producer = ServiceField(label=_("Producer"), options_id="producer-options",
                            help_text=_("The service the information comes from."))
    platform = ServiceField(label=_("Service platform"), options_id="platform-options", required=False,
                            help_text=_("For service contracts: the platform they pass through, e.g. Regional "
                                        "tjänsteplattform (HSF-012)."))
    contracts = forms.CharField(
        label=_("Service contracts"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, named as the national convention does, e.g. "
                    "urn:riv:clinicalprocess:healthcond:description:GetCareDocumentationResponder:3."))

    class Meta:
        model = Integration
        fields = ["producer", "kind", "platform", "contracts", "information_types", "carries", "standard",
                  "criticality", "phase", "needed", "description"]
        widgets = {"information_types": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        # The information carried is the producer's: offered once the producer is known (an integration saved).
        if instance.pk and instance.producer_id:
            self.fields["information_types"].queryset = InformationType.objects.filter(
                service_id=instance.producer_id).order_by("name")
            self.initial.setdefault("contracts", "\n".join(instance.contracts.values_list("urn", flat=True)))
        else:
            del self.fields["information_types"]

    def contract_list(self):
        return [line.strip() for line in self.cleaned_data.get("contracts", "").splitlines() if line.strip()]


class DependencyForm(VersionedModelForm):
    depends_on = ServiceField(label=_("Depends on"), options_id="depends-on-options",
                              help_text=_("The service this one cannot run without, e.g. It-arbetsplats (RS-102)."))

    class Meta:
        model = Dependency
        fields = ["depends_on", "description"]
