from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Decisions")

    def ready(self):
        from core import registry

        from .models import DecisionAttachment

        registry.MENU.append((40, _("Decisions"), "decisions:list"))
        registry.PARENTS[DecisionAttachment] = lambda attachment: attachment.decision
        _register_suggester()


def _register_suggester():
    """Decisions grow without end: a field naming one is typed with suggestions, written "Title (registry
    number)". Two bodies may share a registry number; such a decision is then picked by "#pk" from the list."""
    from dataclasses import dataclass

    from django.db.models import Q

    from core import suggest

    from .models import Decision

    @dataclass(frozen=True)
    class DecisionSuggester(suggest.Suggester):
        def text(self, record):
            return f"{record.title} ({self.key(record) or '#' + str(record.pk)})"

    def key(decision):
        # The registry number, unless another body's decision has the same one: then only the pk tells them apart.
        shared = Decision.objects.filter(registry_number=decision.registry_number).exclude(pk=decision.pk).exists()
        return "" if shared else decision.registry_number

    suggest.register("decision", DecisionSuggester(
        model=Decision,
        search=lambda text, user: Decision.objects.filter(
            Q(title__icontains=text) | Q(registry_number__iexact=text)).select_related("body")
        .order_by("-decided_on", "registry_number"),
        key=key,
        by_key=lambda key: Decision.objects.filter(registry_number__iexact=key),
        by_name=lambda name: Decision.objects.filter(title=name),
        hint=lambda decision: f"{decision.body.name}, {decision.decided_on:%Y-%m-%d}",
        example="Finansiering av gemensamma tjänster 2027 (RS 2026-0412)"))
