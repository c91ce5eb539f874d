"""One indicator per rule (issue 10, C10): the share of the services a rule applies to that pass it.

Rules are registered from many apps' ready(), in INSTALLED_APPS order, and the rules app's ready() runs before
most of them; so the indicators are not registered here and then, but as a family (core.registry.
INDICATOR_FAMILIES) that the project package registers once every app is ready."""

from core.registry import RegisterIndicator, rules


def _count(rule):
    def count(on, services=None):
        applicable, failing = rule.applicable(on), rule.failing(on)
        if services is not None:
            applicable, failing = applicable.filter(pk__in=services), failing.filter(pk__in=services)
        total = applicable.count()
        return total - failing.count(), total
    return count


def code_of(rule):
    return f"regel-{rule.id.lower()}"[:40]


def rule_indicators():
    """One RegisterIndicator per rule that runs (a skipped rule has nothing to count)."""
    return [
        RegisterIndicator(
            code=code_of(rule),
            name=f"Andel tjänster som uppfyller regel {rule.id}",
            definition=(f"Räknas: de tjänster som regel {rule.id} gäller på räkningsdagen — “{rule.text}” "
                        f"({rule.source}). Av dem: de som inte bryter mot regeln, det vill säga inte har ett fynd "
                        "av den. Andel i procent; samma tal som regelns resultatkort."),
            source="Styrs register: regelkontrollerna",
            version="1",
            count=_count(rule),
        )
        for rule in rules() if not rule.skipped
    ]
