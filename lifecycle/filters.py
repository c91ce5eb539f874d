import django_filters
from django.utils.translation import gettext_lazy as _

from . import queries
from .models import Component


class ComponentFilter(django_filters.FilterSet):
    """The one filter of the component list: page and API. Expects queries.components_with_support()."""

    status = django_filters.ChoiceFilter(choices=[
        (queries.UNSUPPORTED, _("unsupported")), (queries.ENDING, _("support ends within 12 months")),
        (queries.SUPPORTED, _("supported")), (queries.UNKNOWN, _("unknown")),
    ], label=_("Status"))
    type = django_filters.ChoiceFilter(choices=Component.Type.choices, label=_("Type"))
    product = django_filters.CharFilter(label=_("Product (endoflife.date)"))

    class Meta:
        model = Component
        fields = ["status", "type", "product"]
