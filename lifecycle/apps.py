from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "lifecycle"
    verbose_name = _("Lifecycle: components and tests")

    def ready(self):
        from core import registry

        registry.MENU.append((60, _("Components"), "lifecycle:components"))

        from . import guards, rules, views

        registry.PHASE_GUARDS.append(guards.tested_before_production)
        for rule in rules.RULES:
            registry.register_rule(rule)
        registry.SERVICE_PANELS.append(views.service_panel)
        registry.SERVICE_SECTIONS[views.service_panel] = "architecture"

        from . import indicators

        indicators.register()

        from .models import Environment, TestRecord

        # A service's tests (security tests and their reports among them) and its environments describe how
        # it is built and where it is weak: security details, hidden with a shielded service (core.access).
        registry.SERVICE_DETAILS.update({TestRecord: "service", Environment: "service"})

        _register_suggester()


def _register_suggester():
    """Components typed with suggestions, written "Windows Server 2019 (#12)": name and version are what a reader
    knows a component by, the id what tells two apart."""
    from dataclasses import dataclass

    from django.db.models import Q, Value
    from django.db.models.functions import Concat, Trim

    from core import suggest

    from .models import Component

    @dataclass(frozen=True)
    class ComponentSuggester(suggest.Suggester):
        def text(self, record):
            return f"{record} (#{record.pk})"

    def called(name):
        return Component.objects.annotate(full=Trim(Concat("name", Value(" "), "version"))).filter(
            Q(full=name) | Q(name=name, version=""))

    suggest.register("component", ComponentSuggester(
        model=Component,
        search=lambda text, user: Component.objects.filter(
            Q(name__icontains=text) | Q(product__istartswith=text) | Q(vendor__istartswith=text)
        ).order_by("name", "version"),
        key=lambda component: "",
        by_key=lambda key: Component.objects.none(),
        by_name=called,
        hint=lambda component: component.vendor or component.get_type_display(),
        example="Windows Server 2019 (#12)"))
