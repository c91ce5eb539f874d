import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


class TokenFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), method="filter_state",
        choices=[("active", _("Valid")), ("expired", _("Expired")), ("revoked", _("Revoked"))],
    )
    user = django_filters.CharFilter(label=_("User"), field_name="user__username", lookup_expr="iexact")

    class Meta:
        model = ApiToken
        fields = []

    def filter_state(self, queryset, name, value):
        now = timezone.now()
        if value == "active":
            return queryset.filter(revoked_at__isnull=True, expires__gt=now)
        if value == "expired":
            return queryset.filter(revoked_at__isnull=True, expires__lte=now)
        return queryset.filter(~Q(revoked_at=None))
