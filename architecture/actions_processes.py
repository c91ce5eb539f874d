"""Write use-cases of the process map and the needs mapping. Keyword-only and atomic; each refuses with a
ValidationError naming the field, so forms, the API and the import show the same message."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import versioning

from .models import MappedService, NeedsMapping, Process


def is_leaf(process):
    return not Process.objects.filter(parent=process).exists()


@transaction.atomic
def save_process(*, process):
    """Create or change a process of the map (administrators; the views and the API ask core.access). The model
    refuses a loop in the hierarchy; a change over someone else's newer one is refused (row_version)."""
    process.full_clean()
    process.save()
    return process


@transaction.atomic
def link_service(*, service, process):
    """`service` supports `process`. Only a leaf of the map can be supported: a process with parts is what its
    parts are, and the overlap rule compares services on the leaves."""
    if not is_leaf(process):
        raise ValidationError({"process": _("%(process)s has sub-processes; link the service to the sub-process "
                                            "it supports.") % {"process": process}}, code="not_leaf")
    if process.services.filter(pk=service.pk).exists():
        raise ValidationError({"process": _("The service already supports %(process)s.") % {"process": process}},
                              code="linked")
    process.services.add(service)
    versioning.claim(process, process.row_version)  # the map changed: a concurrent edit of the process re-reads


@transaction.atomic
def unlink_service(*, service, process):
    if not process.services.filter(pk=service.pk).exists():
        raise ValidationError({"process": _("The service does not support %(process)s.") % {"process": process}},
                              code="not_linked")
    process.services.remove(service)
    versioning.claim(process, process.row_version)


@transaction.atomic
def record_needs_mapping(*, service, need, processes, candidates, user=None, row_version=None):
    """Record (or replace) `service`'s needs mapping (002 §9.1.7): the need, the leaf processes it concerns and,
    for each existing service considered, why it does not meet the need. `candidates` is [(service, reason)].
    `row_version` is the version of the mapping the user saw (None for a new one)."""
    errors = {}
    if not (need or "").strip():
        errors["need"] = _("Describe the need.")
    not_leaves = [p for p in processes if not is_leaf(p)]
    if not_leaves:
        errors["processes"] = _("Only processes without sub-processes can be mapped: %(codes)s.") % {
            "codes": ", ".join(p.code for p in not_leaves)}
    seen = set()
    for candidate, reason in candidates:
        if candidate.pk == service.pk:
            errors["candidates"] = _("A service is not mapped against itself.")
        elif not (reason or "").strip():
            errors["candidates"] = _("Say why %(service)s does not meet the need.") % {"service": candidate}
        elif candidate.pk in seen:
            errors["candidates"] = _("%(service)s is named twice.") % {"service": candidate}
        seen.add(candidate.pk)
    if errors:
        raise ValidationError(errors)
    mapping = NeedsMapping.objects.filter(service=service).first()
    if mapping is None:
        mapping = NeedsMapping.objects.create(service=service, need=need.strip(), mapped_by=user)
    else:
        versioning.check(mapping, row_version)
        mapping.need, mapping.mapped_by = need.strip(), user
        mapping.mapped_on = mapping._meta.get_field("mapped_on").get_default()
        mapping.save()
    mapping.processes.set(processes)
    mapping.candidates.all().delete()
    for candidate, reason in candidates:  # a few rows, saved one by one so that their history is written
        MappedService.objects.create(mapping=mapping, candidate=candidate, reason=reason.strip())
    return mapping
