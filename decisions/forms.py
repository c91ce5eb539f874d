from django import forms
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.forms import DateInput
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
        if bodies is not None:  # the secretariat records its own body's decisions only
            self.fields["body"].queryset = Organisation.objects.filter(pk__in=bodies)

    def validate_unique(self):
        pass  # the action's full_clean names the clash


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("file"), validators=[uploads.check])
    name = forms.CharField(label=_("name"), required=False, max_length=200)
