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

    from django.db.models import Exists, OuterRef, Q

    from core import suggest

    from .models import Decision

    @dataclass(frozen=True)
    class DecisionSuggester(suggest.Suggester):
        def text(self, record):
            return f"{record.title} ({self.key(record) or '#' + str(record.pk)})"

    # Whether another body's decision has the same registry number: then only the pk tells them apart. Read with
    # the suggestions (one query for the twenty), asked of the database only for a decision read otherwise.
    shared_number = Exists(Decision.objects.filter(registry_number=OuterRef("registry_number"))
                           .exclude(pk=OuterRef("pk")))

    def key(decision):
        shared = getattr(decision, "shared_number", None)
        if shared is None:
            shared = Decision.objects.filter(registry_number=decision.registry_number).exclude(
                pk=decision.pk).exists()
        return "" if shared else decision.registry_number

    suggest.register("decision", DecisionSuggester(
        model=Decision,
        search=lambda text, user: Decision.objects.filter(
            Q(title__icontains=text) | Q(registry_number__iexact=text)).select_related("body")
        .annotate(shared_number=shared_number)
        .order_by("-decided_on", "registry_number"),
        key=key,
        by_key=lambda key: Decision.objects.filter(registry_number__iexact=key),
        by_name=lambda name: Decision.objects.filter(title=name),
        hint=lambda decision: f"{decision.body.name}, {decision.decided_on:%Y-%m-%d}",
        example="Finansiering av gemensamma tjänster 2027 (RS 2026-0412)"))
