"""Reads of decisions shared by pages and API."""

from core import access

from .models import Decision


def what_it_decided(decision, user=None):
    """Everything in the register that names `decision`, grouped by kind: [(kind label, [objects])]. With `user`,
    only what that user may see (core.access.visible_to): a risk of a shielded service is not listed to a reader.

    Read from the foreign keys that point at Decision, so a later app that links to decisions shows up
    here without this app knowing it (history models link with related_name "+" and are left out)."""
    groups = []
    for relation in Decision._meta.related_objects:
        if relation.related_model._meta.app_label == "decisions" or relation.hidden:
            continue
        rows = getattr(decision, relation.get_accessor_name()).all()
        if user is not None:
            rows = access.visible_to(user, rows)
        objects = list(rows[:500])
        if objects:
            groups.append((relation.related_model._meta.verbose_name_plural, objects))
    return groups


def decisions_of(body_id):
    return Decision.objects.filter(body_id=body_id)


def cited_elsewhere(decision, allowed=()):
    """The first record other than `allowed` that names `decision`, or None. A decision that decides a
    transfer or an exemption names that one; a decision already cited for something else is not it."""
    allowed_pks = {(type(obj), obj.pk) for obj in allowed}
    for relation in Decision._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == "decisions" or relation.hidden:
            continue
        rows = getattr(decision, relation.get_accessor_name()).all()
        pks = [pk for kind, pk in allowed_pks if kind is model]
        other = rows.exclude(pk__in=pks).first() if pks else rows.first()
        if other is not None:
            return other
    return None
