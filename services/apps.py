from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Digital services")

    def ready(self):
        from core import registry

        registry.MENU.append((10, _("Services"), "services:list"))

        from . import views
        from .models import Service
        from .queries import current_owner_id, owned_counts

        registry.OWNERS[Service] = current_owner_id
        _register_suggester(Service)
        registry.ORGANISATION_COUNTS.append((_("Services owned"), owned_counts))
        # First on the organisation's page: what it owns and uses, before the capability apps' panels.
        registry.ORGANISATION_PANELS.insert(0, views.organisation_panel)

        from . import indicators

        indicators.register()


def _register_suggester(Service):
    from django.db.models import Q

    from core import suggest

    suggest.register("service", suggest.Suggester(
        model=Service,
        search=lambda text, user: Service.objects.filter(
            Q(name__icontains=text) | Q(external_id__iexact=text) | Q(short_name__iexact=text)).order_by("name"),
        key=lambda service: service.external_id,
        by_key=lambda key: Service.objects.filter(external_id=key),
        by_name=lambda name: Service.objects.filter(name=name),
        hint=lambda service: service.get_kind_display(),
        example="Regional tjänsteplattform (HSF-012)"))
