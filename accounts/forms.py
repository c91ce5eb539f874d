from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TOKEN_MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the key is for, e.g. the integration."))
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=TOKEN_MAX_DAYS, initial=90)
