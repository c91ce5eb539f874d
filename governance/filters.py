import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from .models import Exemption, OwnershipTransfer

# An id is a whole number the database can hold: a larger one, a fraction or "1e300" is the client's mistake
# (400), not an OverflowError in SQLite (500).
ID = {"min_value": 1, "max_value": 2**63 - 1, "decimal_places": 0}


class TransferFilter(django_filters.FilterSet):
    """The one filter of the transfer list: page and API."""

    board = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), to_field_name="code", method="by_board", label=_("Board"),
        help_text=_("Transfers in which the board gives or receives a service."),
    )
    status = django_filters.ChoiceFilter(choices=OwnershipTransfer.Status.choices, label=_("Status"))
    # By id, not a select: a select would list every service in the register.
    service = django_filters.NumberFilter(field_name="service_id", label=_("Service (id)"), **ID)

    class Meta:
        model = OwnershipTransfer
        fields = ["board", "service", "status"]

    def by_board(self, queryset, name, value: str):  # str: the code, for the OpenAPI description
        return queryset.filter(Q(from_organisation=value) | Q(to_organisation=value)) if value else queryset


class ExemptionFilter(django_filters.FilterSet):
    """The one filter of the exemption list: page and API."""

    board = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), to_field_name="code", field_name="deciding_board",
        label=_("Deciding board"),
    )
    status = django_filters.ChoiceFilter(choices=Exemption.Status.choices, label=_("Status"))
    service = django_filters.NumberFilter(field_name="service_id", label=_("Service (id)"), **ID)

    class Meta:
        model = Exemption
        fields = ["board", "service", "status"]
