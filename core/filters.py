import datetime

import django_filters
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import auditlog
from .models import ChainLink
from .suggest import SuggestField

EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(9998, 12, 31)


class SuggestFilter(django_filters.Filter):
    """A filter typed with suggestions (core.suggest, ADR 0031): "Name (code)" or the bare code, so a list's
    filter never lists every record of a register that grows; the API's parameter keeps taking the code."""

    field_class = SuggestField


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditLogFilter(django_filters.FilterSet):
    """The one filter of the audit log: page, API and export. Every filter is an indexed column of the
    chain's links, so the log stays fast however long the history grows."""

    user = django_filters.CharFilter(method="by_user", label=_("User"), max_length=150)
    model = django_filters.ChoiceFilter(field_name="model", choices=auditlog.model_choices, label=_("Object type"))
    object = django_filters.CharFilter(field_name="object_id", label=_("Object id"), max_length=64)
    since = django_filters.DateFilter(method="from_day", label=_("From date"))
    until = django_filters.DateFilter(method="to_day", label=_("To date"))

    class Meta:
        model = ChainLink
        fields = ["user", "model", "object", "since", "until"]

    def by_user(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        users = get_user_model()._default_manager.filter(username=value).values("pk")
        return queryset.filter(user_id__in=users)

    # Days at the ends of the calendar bound nothing (and as aware times they would overflow).
    def from_day(self, queryset, name, value):
        return queryset if value <= EARLIEST else queryset.filter(at__gte=_start_of(value))

    def to_day(self, queryset, name, value):
        return queryset if value >= LATEST else queryset.filter(at__lt=_start_of(value + datetime.timedelta(days=1)))
