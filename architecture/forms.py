"""Forms of integrations and dependencies. The other service is typed with suggestions as one types
(core.suggest: the register grows without end, so no select lists it), written as "Name (external id)"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.suggest import SuggestField
from core.versioning import VersionedModelForm
from security.models import InformationType

from .models import Dependency, Integration


class IntegrationForm(VersionedModelForm):
    """The integration a service receives: its consumer is the service the form is opened from (the consumer's
    owner records it). Service contracts are typed one per line."""

    producer = SuggestField(kind="service", label=_("Producer"), options_id="producer-options",
                            help_text=_("The service the information comes from."))
    platform = SuggestField(kind="service", label=_("Service platform"), options_id="platform-options",
                            required=False,
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
    depends_on = SuggestField(kind="service", label=_("Depends on"), options_id="depends-on-options",
                              help_text=_("The service this one cannot run without, e.g. It-arbetsplats (RS-102)."))

    class Meta:
        model = Dependency
        fields = ["depends_on", "description"]
