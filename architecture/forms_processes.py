"""Forms of the process map, the service panel's links and the needs mapping. Processes and services are typed
with suggestions as one types (search-as-you-type): a region's map and register are too long for a select."""

import re

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.suggest import SuggestField
from core.versioning import VersionedModelForm, version_field

from .models import Process

SEPARATORS = re.compile(r"[,;\n]+")


def _suggesting(url_name, list_id, **attrs):
    return {"list": list_id, "autocomplete": "off", "hx-get": reverse_lazy(url_name),
            "hx-trigger": "input changed delay:300ms", "hx-target": f"#{list_id}", "hx-swap": "innerHTML", **attrs}


def _code(text):
    """The code a suggestion starts with: "1.1.2 Planera vård" → "1.1.2"."""
    return text.strip().split(" ", 1)[0][:40].replace("\x00", "")


class ProcessField(forms.Field):
    """A process named by its code (a suggestion "code name" is accepted as well)."""

    default_error_messages = {"unknown": _("No process has the code %(code)s. Type its code or name and pick it from "
                                           "the suggestions.")}

    def __init__(self, list_id="process-options", **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs=_suggesting("architecture:process-options", list_id)))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Process):
            return value.code
        if isinstance(value, int):
            return Process.objects.filter(pk=value).values_list("code", flat=True).first() or ""
        return value

    def to_python(self, value):
        code = _code(value or "")
        if not code:
            return None
        found = Process.objects.filter(code=code).first()
        if found is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"code": code})
        return found


class ProcessesField(forms.Field):
    """Several processes by code, separated by commas; the suggestions complete the last one typed."""

    default_error_messages = ProcessField.default_error_messages

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs=_suggesting(
            "architecture:process-options", "processes-options", **{"hx-vals": '{"many": "1"}'})))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)) or hasattr(value, "model"):
            return ", ".join(p.code if isinstance(p, Process) else str(p) for p in value)
        return value

    def to_python(self, value):
        codes = [_code(part) for part in SEPARATORS.split(value or "") if part.strip()][:50]
        found = {p.code: p for p in Process.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown",
                                        params={"code": ", ".join(unknown)})
        return list(dict.fromkeys(found[code] for code in codes))


class ProcessForm(VersionedModelForm):
    parent = ProcessField(label=_("Part of"), required=False, list_id="parent-options",
                          help_text=_("The code of the process this one is part of; empty for a top process."))

    class Meta:
        model = Process
        fields = ["code", "name", "kind", "parent", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class LinkForm(forms.Form):
    process = ProcessField(label=_("Process"), list_id="link-options",
                           widget=forms.TextInput(attrs=_suggesting("architecture:process-options", "link-options",
                                                                    **{"hx-vals": '{"leaves": "1"}'})))


class NeedsSearchForm(forms.Form):
    q = forms.CharField(label=_("The need in your own words"), required=False, max_length=500)
    processes = ProcessesField(label=_("Processes"), required=False,
                               help_text=_("Codes of the processes the need concerns, separated by commas."))


class NeedsMappingForm(forms.Form):
    """The need, its processes, and a reason for each existing service considered. The candidate fields are made
    per service shown (reason_<id>); a service that must be considered (it supports one of the processes) needs
    its reason, the others are considered only when a reason is given."""

    need = forms.CharField(label=_("The need"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    processes = ProcessesField(label=_("Processes"), required=False,
                               help_text=_("Codes of the processes the need concerns, separated by commas."))
    other = SuggestField(kind="service", options_id="service-options", label=_("Another service considered"),
                         required=False)
    other_reason = forms.CharField(label=_("Why it does not meet the need"), required=False, max_length=5000,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    row_version = version_field()

    def __init__(self, *args, candidates=(), required=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.required_ids = set(required)
        for service in self.candidates:
            self.fields[f"reason_{service.pk}"] = forms.CharField(
                label=service.name, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

    def reason_fields(self):
        return [(service, self[f"reason_{service.pk}"], service.pk in self.required_ids) for service in self.candidates]

    def clean(self):
        cleaned = super().clean()
        for service in self.candidates:
            if service.pk in self.required_ids and not (cleaned.get(f"reason_{service.pk}") or "").strip():
                self.add_error(f"reason_{service.pk}", _("%(service)s supports a process of the need: say why it "
                                                         "does not meet the need.") % {"service": service.name})
        if cleaned.get("other") and not (cleaned.get("other_reason") or "").strip():
            self.add_error("other_reason", _("Say why %(service)s does not meet the need.")
                           % {"service": cleaned["other"].name})
        return cleaned

    def chosen(self):
        """[(service, reason)] of the candidates given a reason."""
        chosen = [(service, self.cleaned_data[f"reason_{service.pk}"].strip()) for service in self.candidates
                  if (self.cleaned_data.get(f"reason_{service.pk}") or "").strip()]
        other = self.cleaned_data.get("other")
        if other and other.pk not in {s.pk for s, _ in chosen}:
            chosen.append((other, self.cleaned_data["other_reason"].strip()))
        return chosen


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
