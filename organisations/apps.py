from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from core import registry

        registry.MENU.append((20, _("Organisations"), "organisations:list"))

        from .queries import memberships_of

        registry.MEMBERSHIPS.append(memberships_of)
        _register_suggester()


def _register_suggester():
    from django.db.models import Q

    from core import suggest

    from .models import Organisation

    suggest.register("organisation", suggest.Suggester(
        model=Organisation,
        search=lambda text, user: Organisation.objects.filter(
            Q(name__icontains=text) | Q(code__iexact=text)).order_by("-active", "name"),
        key=lambda organisation: organisation.code,
        by_key=lambda key: Organisation.objects.filter(code__iexact=key),
        by_name=lambda name: Organisation.objects.filter(name=name),
        hint=lambda organisation: organisation.get_kind_display(),
        example="Hälso- och sjukvårdsnämnden (HSN)"))
