"""The form renderer of every form (settings.FORM_RENDERER): Django's own, with its choice widgets written out in
Python instead of through templates.

Django renders a select or a set of checkboxes by including a template per option, each including the attributes'
template: the service list's filter form (ten widgets, about fifty options) took 3–4 ms of a 25 ms page. The
markup here is the same, character for character, as Django's templates give (core/tests/test_renderers.py
compares the two); any other template, or an option with a template of its own, goes to Django's renderer."""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

SELECT = "django/forms/widgets/select.html"
MULTIPLE_INPUTS = {"django/forms/widgets/checkbox_select.html", "django/forms/widgets/radio.html",
                   "django/forms/widgets/multiple_input.html"}
# The option templates written out here, with the newlines each adds: the file's own, and one more for each that
# only includes input_option.html.
SELECT_OPTION = "django/forms/widgets/select_option.html"
INPUT_OPTIONS = {"django/forms/widgets/input_option.html": "\n", "django/forms/widgets/checkbox_option.html": "\n\n",
                 "django/forms/widgets/radio_option.html": "\n\n"}


def _text(value):
    """{{ value }} in a template: localised, then escaped unless already safe."""
    return conditional_escape(str(localize(value)))


def _formatted(value):
    """{{ value|stringformat:'s' }}: the filter keeps a safe value safe."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _attrs(attrs):
    """django/forms/widgets/attrs.html."""
    return "".join(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"'
                   for name, value in attrs.items() if value is not False)


def _select(widget):
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append(f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                         f'{_text(option["label"])}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _input(option):
    value = "" if option["value"] is None else f' value="{_formatted(option["value"])}"'
    html = f'<input type="{_text(option["type"])}" name="{_text(option["name"])}"{value}{_attrs(option["attrs"])}>\n'
    if option["wrap_label"]:
        label_for = f' for="{_text(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
        html = f"<label{label_for}>{html} {_text(option['label'])}</label>"
    return html + INPUT_OPTIONS[option["template_name"]]


def _multiple_inputs(widget):
    id_ = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    id_ = f' id="{_text(id_)}"' if id_ else ""
    css = f' class="{_text(css)}"' if css else ""
    parts = [f"<div{id_}{css}>"]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_input(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _options(widget):
    return {option.get("template_name") for _group, options, _index in widget.get("optgroups", ()) for option in options}


class Renderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        # Stripped as Django's renderer strips what a template gives.
        if template_name == SELECT and widget and _options(widget) <= {SELECT_OPTION}:
            return _select(widget).strip()
        if template_name in MULTIPLE_INPUTS and widget and _options(widget) <= INPUT_OPTIONS.keys():
            return _multiple_inputs(widget).strip()
        return super().render(template_name, context, request=request)
