"""Search-as-you-type, once for every app: a select that grows with the register (services, organisations,
components, users …) is never a <select> of every row but a text field with suggestions fetched while typing
(HTMX into a <datalist>), and the text typed is resolved back to one record when the form is sent.

The app that owns the model registers a Suggester under a kind (registry.SUGGESTERS); a form uses
SuggestField(kind=…); the one view core:suggest answers `/forslag/<kind>/?q=…` with at most 20 <option>s.
A record is written "Name (key)", where key is what tells two records of the same name apart (an external id,
a code, or #pk when there is none) — the form that a user can type and read back.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from . import registry

MAX_TEXT = 260
MAX_RECORDS = 50  # records in one SuggestMultipleField
SEPARATOR = ";"  # between the records of a SuggestMultipleField: names may hold commas, none holds a semicolon
SUGGESTIONS = 20
TEXT = re.compile(r"^\s*(?P<name>.*?)\s*(?:\((?P<key>[^()]*)\))?\s*$", re.DOTALL)


@dataclass(frozen=True)
class Suggester:
    """- search(text, user) -> queryset (or list) of records matching what was typed so far, best first;
    - key(record) -> the short identifier written in brackets ("HSF-012", "RS"), or "" for none (then #pk);
    - by_key(key) -> queryset of records whose identifier is key (pk lookups by "#n" are handled here);
    - by_name(name) -> queryset of records called exactly name;
    - hint(record) -> a short text shown beside the suggestion (its kind, its organisation), or "";
    - example: a written record for error messages, e.g. "Regional tjänsteplattform (HSF-012)"."""

    model: type
    search: Callable
    key: Callable
    by_key: Callable
    by_name: Callable
    hint: Callable = lambda record: ""
    example: str = ""

    def text(self, record):
        key = self.key(record) or f"#{record.pk}"
        return f"{record} ({key})" if not hasattr(record, "name") else f"{record.name} ({key})"

    def resolve(self, text):
        """The records `text` may mean: one when it is unambiguous."""
        text = clean(text)
        if not text:
            return []
        match = TEXT.match(text)
        name, key = match["name"], (match["key"] or "").strip()
        found = []
        if key.startswith("#") and key[1:].isascii() and key[1:].isdigit() and len(key) < 19:
            found = list(self.model._default_manager.filter(pk=int(key[1:]))[:2])
        elif key:
            found = list(self.by_key(key)[:2])
        # A name alone, or a name that itself ends in brackets.
        for candidate in ([] if found else [text, name] if key else [text]):
            found = list(self.by_name(candidate)[:2])
            if not found and not key:
                found = list(self.by_key(candidate)[:2])
            if found:
                break
        return found


def clean(text):
    return (text or "").replace("\x00", "").strip()[:MAX_TEXT]


def suggester(kind):
    return registry.SUGGESTERS[kind]


def register(kind, suggester_):
    if kind in registry.SUGGESTERS:
        raise ValueError(f"two suggesters of the kind {kind}")
    registry.SUGGESTERS[kind] = suggester_


def options(kind, text, user=None, many=False):
    """[(text, hint)] for what was typed so far: at most SUGGESTIONS. For a field of many records (`many`) only
    the last entry is searched, and each suggestion carries the entries before it, so picking one keeps them."""
    text = clean(text) if not many else (text or "").replace("\x00", "")[:MAX_TEXT * MAX_RECORDS]
    head = ""
    if many:
        head, _sep, text = text.rpartition(SEPARATOR)
        head, text = (f"{head.strip()}{SEPARATOR} " if head.strip() else ""), clean(text)
    if not text:
        return []
    one = suggester(kind)
    name = text.split(" (", 1)[0].strip() or text
    return [(head + one.text(record), one.hint(record)) for record in one.search(name, user)[:SUGGESTIONS]]


def _suggest_url(kind):
    return reverse("suggest", args=[kind])


suggest_url = lazy(_suggest_url, str)


class SuggestInput(forms.TextInput):
    """A text field that fetches suggestions while typing into its own <datalist> (rendered right after it).
    Works without JavaScript as a plain text field: the server resolves whatever is typed."""

    template_name = "core/widgets/suggest.html"

    def __init__(self, kind, options_id=None, attrs=None, many=False):
        self.kind = kind
        self.options_id = options_id or f"{kind}-options"
        if many:  # the one view then suggests for the last entry only, keeping the ones before it
            attrs = {"hx-vals": '{"many": "1"}', "maxlength": MAX_TEXT * MAX_RECORDS, **(attrs or {})}
        attrs = {"list": self.options_id, "autocomplete": "off", "maxlength": MAX_TEXT,
                 "hx-get": suggest_url(kind), "hx-trigger": "input changed delay:300ms",
                 "hx-target": f"#{self.options_id}", "hx-swap": "innerHTML", "hx-sync": "this:replace",
                 **(attrs or {})}
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_id"] = self.options_id
        return context


class SuggestField(forms.Field):
    """One record typed with suggestions; cleans to the record (or None when not required and empty).
    `queryset`, if given, narrows what may be picked (e.g. the organisations a user may act for)."""

    default_error_messages = {
        "unknown": _("Nothing called %(text)s is in the register. Type a few letters and pick from the "
                     "suggestions, e.g. %(example)s."),
        "ambiguous": _("More than one record is called %(text)s: pick it from the suggestions, which add its "
                       "identifier in brackets."),
    }

    def __init__(self, *, kind, options_id=None, queryset=None, **kwargs):
        self.kind = kind
        self.queryset = queryset
        kwargs.setdefault("widget", SuggestInput(kind, options_id))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        one = suggester(self.kind)
        if isinstance(value, one.model):
            return one.text(value)
        if isinstance(value, int):
            record = one.model._default_manager.filter(pk=value).first()
            return one.text(record) if record else ""
        return value

    def to_python(self, value):
        text = clean(value if isinstance(value, str) else self.prepare_value(value))
        if not text:
            return None
        one = suggester(self.kind)
        found = one.resolve(text)
        if self.queryset is not None and found:
            allowed = set(self.queryset.filter(pk__in=[r.pk for r in found]).values_list("pk", flat=True))
            found = [r for r in found if r.pk in allowed]
        if not found:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown",
                                        params={"text": text[:80], "example": one.example})
        if len(found) > 1:
            raise forms.ValidationError(self.error_messages["ambiguous"], code="ambiguous",
                                        params={"text": text[:80]})
        return found[0]

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != clean(data)

    @classmethod
    def replacing(cls, form, name, *, kind, queryset=None, **kwargs):
        """Put a SuggestField in place of a model form's select `name`, keeping its label, help and required."""
        old = form.fields[name]
        kwargs = {"label": old.label, "help_text": old.help_text, "required": old.required, **kwargs}
        form.fields[name] = cls(kind=kind, options_id=f"{name}-options", queryset=queryset, **kwargs)
        return form.fields[name]


class SuggestMultipleField(forms.Field):
    """Several records typed into one text field, separated by semicolons ("Vårdportalen (HSF-001); 1177 (RS-9)"),
    with suggestions for the entry being typed (the suggestion keeps the entries before it, so picking one from the
    datalist by keyboard adds it). Without JavaScript it is plain text the server resolves entry by entry; every
    entry it cannot resolve is named in one error. Cleans to a list of records, in the order typed, once each."""

    default_error_messages = {
        "unknown": _("Not in the register: %(texts)s. Type a few letters of each and pick from the suggestions, "
                     "separated by semicolons, e.g. %(example)s."),
        "ambiguous": _("More than one record is called %(texts)s: pick each from the suggestions, which add its "
                       "identifier in brackets."),
        "too_many": _("At most %(max)s records can be given here."),
    }

    def __init__(self, *, kind, options_id=None, queryset=None, **kwargs):
        self.kind = kind
        self.queryset = queryset
        kwargs.setdefault("widget", SuggestInput(kind, options_id, many=True))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, str) or value is None:
            return value
        one = suggester(self.kind)
        ids = [v for v in value if isinstance(v, int)]
        by_pk = one.model._default_manager.in_bulk(ids) if ids else {}
        records = [by_pk.get(v) if isinstance(v, int) else v for v in value]
        return f"{SEPARATOR} ".join(one.text(record) for record in records if isinstance(record, one.model))

    def to_python(self, value):
        text = value if isinstance(value, str) else self.prepare_value(value) or ""
        entries = [clean(part) for part in text.replace("\x00", "").split(SEPARATOR) if clean(part)]
        if len(entries) > MAX_RECORDS:
            raise forms.ValidationError(self.error_messages["too_many"], code="too_many",
                                        params={"max": MAX_RECORDS})
        one = suggester(self.kind)
        records, unknown, ambiguous = [], [], []
        for entry in entries:
            found = one.resolve(entry)
            if self.queryset is not None and found:
                allowed = set(self.queryset.filter(pk__in=[r.pk for r in found]).values_list("pk", flat=True))
                found = [r for r in found if r.pk in allowed]
            (unknown if not found else ambiguous if len(found) > 1 else records).append(
                found[0] if len(found) == 1 else entry[:80])
        if unknown:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown",
                                        params={"texts": ", ".join(unknown), "example": one.example})
        if ambiguous:
            raise forms.ValidationError(self.error_messages["ambiguous"], code="ambiguous",
                                        params={"texts": ", ".join(ambiguous)})
        return list(dict.fromkeys(records))

    def has_changed(self, initial, data):
        return (self.prepare_value(initial) or "") != (data or "")
