from django import forms
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.forms import DateInput
from core.suggest import SuggestField
from core.versioning import VersionedModelForm
from organisations.models import Organisation

from .models import Decision


class DecisionForm(VersionedModelForm):

    class Meta:
        model = Decision
        fields = ["body", "decided_on", "registry_number", "title", "text"]
        widgets = {"decided_on": DateInput, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Organisations grow with the region: the body is typed with suggestions (core.suggest). The secretariat
        # records its own body's decisions only.
        SuggestField.replacing(self, "body", kind="organisation",
                               queryset=Organisation.objects.filter(pk__in=bodies) if bodies is not None else None)

    def validate_unique(self):
        pass  # the action's full_clean names the clash


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("file"), validators=[uploads.check])
    name = forms.CharField(label=_("name"), required=False, max_length=200)
