import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from core import registry
from core.filters import SuggestFilter
from organisations.models import Domain

from .models import Category, Service
from .queries import ownership_on

ORDERINGS = (
    ("name", "name"), ("short_name", "short_name"), ("phase", "phase"), ("kind", "kind"),
    ("owner_name", "owner"), ("domain__name", "domain"), ("criticality", "criticality"),
)


class ExtendedOrderingFilter(django_filters.OrderingFilter):
    """The list's ordering with the orderings other apps add (registry.SERVICE_LIST_EXTENSIONS): such a parameter
    sorts by several fields, those without a value last either way."""

    def __init__(self, *args, expansions=None, **kwargs):
        self.expansions = dict(expansions or {})
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = []
        for param in value:
            name = param.lstrip("-")
            if name in self.expansions:
                descending = param.startswith("-")
                ordering += [F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True)
                             for f in self.expansions[name]]
            else:
                ordering.append(self.get_ordering_value(param))
        return qs.order_by(*ordering, "pk")


def extended(queryset):
    """`queryset` with the annotations of every registered extension, each added once."""
    wanted = {name: expression for extension in registry.SERVICE_LIST_EXTENSIONS
              for name, expression in extension.annotations.items() if name not in queryset.query.annotations}
    return queryset.annotate(**wanted) if wanted else queryset


class ServiceFilter(django_filters.FilterSet):
    """The one filter of the service list: the web page, the API and the export all use it."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    # Typed with suggestions, not a select of every organisation (issue 13); ?owner=<code> as before.
    owner = SuggestFilter(kind="organisation", method="by_owner", label=_("Owner"),
                          help_text=_("Type a few letters of the organisation, or its code."))
    domain = django_filters.ModelChoiceFilter(
        queryset=Domain.objects.all(), to_field_name="code", label=_("Responsibility domain")
    )
    # Each of these filters on a column of the service row itself or joins at most one row per
    # service, so no DISTINCT: on 100,000 services it made every count a full sort.
    # Checkboxes, not a Ctrl-click list box (issue 13); the parameters (phase=…&phase=…) are the same.
    phase = django_filters.MultipleChoiceFilter(
        choices=Service.Phase.choices, label=_("Lifecycle phase"), distinct=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = django_filters.MultipleChoiceFilter(choices=Service.Kind.choices, label=_("Kind"), distinct=False,
                                               widget=forms.CheckboxSelectMultiple)
    criticality = django_filters.ChoiceFilter(choices=Service.Criticality.choices, label=_("Criticality"))
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.select_related("scheme"), field_name="categories", label=_("Category"),
        distinct=False,
    )
    without_owner = django_filters.BooleanFilter(method="by_missing_owner", label=_("Without owner"))
    ordering = django_filters.OrderingFilter(fields=ORDERINGS, label=_("Sort by"))

    class Meta:
        model = Service
        fields = ["q", "owner", "domain", "phase", "kind", "criticality", "category"]

    def __init__(self, data=None, queryset=None, annotate=True, **kwargs):
        queryset = queryset if queryset is not None else Service.objects.all()
        super().__init__(data, queryset=extended(queryset) if annotate else queryset, **kwargs)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value)
            | Q(description__icontains=value) | Q(external_id=value) | Q(supplier__icontains=value)
        )

    # The owner filters ask the ownerships in force themselves rather than the list's owner annotation, so that
    # they also work on the bare services counted for a page (count_of).
    def by_owner(self, queryset, name, value: str):  # str: the code, for the OpenAPI description
        return queryset.filter(pk__in=ownership_on().filter(organisation=value).values("service_id")) if value \
            else queryset

    def by_missing_owner(self, queryset, name, value):
        if value is None:
            return queryset
        owned = ownership_on().values("service_id")
        return queryset.exclude(pk__in=owned) if value else queryset.filter(pk__in=owned)


# Orderings by a column of the service row or of its domain: the bare services sort by them as well.
BARE_ORDERINGS = {"name", "short_name", "phase", "kind", "domain", "criticality"}


class BarePaginator(Paginator):
    """Pages of what a service filter lets through, counted and cut on bare services — narrowed as the list's are —,
    then the annotated rows read for the page only. The web page (page_of) and the API (services.api) both page so.

    The list's annotations (owner, what other apps add) each join at most one row per service, so they never change
    the count or the order by a column of the service; but SQLite and PostgreSQL evaluate a LEFT JOIN for every row
    they count or skip to reach a page (the ownerships in force cannot be proved unique, so no join is removed), which
    made each page of 100,000 services read every ownership. An ordering by an annotation (owner, classification)
    still sorts the annotated rows. The bare services go through the list's own filterset, already validated, rather
    than a new one each: building a filterset deep-copies every filter and its form (1 ms of a 16 ms API page)."""

    def __init__(self, listed, per_page, *, filterset, services):
        super().__init__(listed, per_page)
        self.filterset = filterset
        self.services = services
        data = filterset.data
        ordering = data.getlist("ordering") if hasattr(data, "getlist") else [data.get("ordering")]
        ordering = [o for value in ordering if value for o in value.split(",")]
        self.bare_order = all(o.lstrip("-") in BARE_ORDERINGS for o in ordering)

    def bare(self, ordered):
        """The bare services through the list's validated filters (and its ordering when `ordered`)."""
        services = self.services
        for name, value in self.filterset.form.cleaned_data.items():
            if name != "ordering" or ordered:
                services = self.filterset.filters[name].filter(services, value)
        return services

    @cached_property
    def count(self):
        return self.bare(ordered=False).count()

    def page(self, number):
        page = super().page(number)
        if self.bare_order and self.count:
            ordered = self.bare(ordered=True)
            ids = list(ordered.values_list("pk", flat=True)[page.start_index() - 1:page.end_index()])
            page.object_list = list(self.object_list.filter(pk__in=ids))
        return page


def page_of(filterset, services, number, per_page):
    """The page `number` (the last for a number past it) of what `filterset` lets through, read as BarePaginator
    says; `services` are the bare services the list's rows come from."""
    paginator = BarePaginator(filterset.qs, per_page, filterset=filterset, services=services)
    return paginator.get_page(number)


_extended_classes = {}


def service_filter():
    """ServiceFilter with the filters and orderings other apps registered (registry.SERVICE_LIST_EXTENSIONS),
    built once the apps have registered; the page, the API and the export all ask here."""
    key = tuple(extension.name for extension in registry.SERVICE_LIST_EXTENSIONS)
    if key not in _extended_classes:
        attrs = {}
        expansions = {}
        for extension in registry.SERVICE_LIST_EXTENSIONS:
            attrs.update(extension.filters())
            expansions.update(extension.orderings)
        if not attrs and not expansions:
            _extended_classes[key] = ServiceFilter
        else:
            attrs["ordering"] = ExtendedOrderingFilter(
                fields=ORDERINGS + tuple((name, name) for name in expansions), expansions=expansions,
                label=_("Sort by"))
            attrs["Meta"] = type("Meta", (ServiceFilter.Meta,), {})
            attrs["__module__"] = __name__
            _extended_classes[key] = type("ServiceFilter", (ServiceFilter,), attrs)
    return _extended_classes[key]
