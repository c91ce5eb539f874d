"""Reads of decisions shared by pages and API."""

from .models import Decision


def what_it_decided(decision):
    """Everything in the register that names `decision`, grouped by kind: [(kind label, [objects])].

    Read from the foreign keys that point at Decision, so a later app that links to decisions shows up
    here without this app knowing it (history models link with related_name "+" and are left out)."""
    groups = []
    for relation in Decision._meta.related_objects:
        if relation.related_model._meta.app_label == "decisions" or relation.hidden:
            continue
        objects = list(getattr(decision, relation.get_accessor_name()).all()[:500])
        if objects:
            groups.append((relation.related_model._meta.verbose_name_plural, objects))
    return groups


def decisions_of(body_id):
    return Decision.objects.filter(body_id=body_id)
