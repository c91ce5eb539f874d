"""Every delete asks first and says what else goes (issue 13): a GET of a delete address shows
core/confirm_delete.html with the record and what its deletion takes with it; only the POST deletes.

`consequences(obj)` asks Django's own deletion collector — the same one that will delete — so the list is what
really goes: [(label, count)] of every other kind of record removed with obj (history rows aside: a deleted
record's history stays at its address). A record that is protected (on_delete=PROTECT) raises ProtectedError
from the collector; the page then says what holds it instead of offering the button."""

from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import render


def consequences(obj):
    """([(label, count)] of what else goes, [(label, count)] of what holds obj back, or [])."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as error:
        return [], _counted(error.protected_objects if isinstance(error, ProtectedError)
                            else error.restricted_objects)
    counts = {}
    for model, instances in collector.data.items():
        # obj itself is among what the collector deletes: only the rest is "what else goes".
        _add(counts, model, len(instances) - (1 if model is type(obj) else 0))
    for queryset in collector.fast_deletes:
        _add(counts, queryset.model, queryset.count())
    return [(label, n) for label, n in counts.items() if n], []


def _add(counts, model, n):
    if model._meta.model_name.startswith("historical"):
        return
    label = str(model._meta.verbose_name_plural)
    counts[label] = counts.get(label, 0) + n


def _counted(objects):
    counts = {}
    for obj in objects:
        _add(counts, type(obj), 1)
    return list(counts.items())


def confirm(request, obj, *, cancel_url, title=None, note=""):
    """The confirmation page for deleting obj; its form posts back to the same address."""
    goes, holds = consequences(obj)
    return render(request, "core/confirm_delete.html", {
        "object": obj, "title": title, "note": note, "goes": goes, "holds": holds, "cancel_url": cancel_url})
