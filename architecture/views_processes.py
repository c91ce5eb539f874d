"""Pages of the process map, the service panel's process links, and the needs mapping (issue 11 point 3)."""

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access, deletion, exports
from core.forms import add_action_errors
from core.tables import ImportFileError
from core.views import paged
from security.models import notation
from services.models import Service
from services.queries import services_with_owner

from . import actions_processes as actions
from . import imports, queries_processes, rules
from .forms_processes import ImportForm, LinkForm, NeedsMappingForm, NeedsSearchForm, ProcessForm
from .models import NeedsMapping, Process

PAGE_SIZE = 50


def _administrators_only(user):
    if not access.may_administer(user):
        raise PermissionDenied(_("The process map is the region's: only administrators change it."))


# The map ------------------------------------------------------------------------------------------------------

@login_required
def process_list(request):
    rows = queries_processes.tree()
    text = (request.GET.get("q") or "").replace("\x00", "").strip()[:100]
    if text:
        rows = [r for r in rows if r["code"].lower().startswith(text.lower()) or text.lower() in r["name"].lower()]
    context = paged(request, rows, PAGE_SIZE)
    shown = context["page"].object_list
    samples = queries_processes.sample_services([r["id"] for r in shown])
    for row in shown:
        row["sample"] = samples.get(row["id"], [])
        row["more"] = row["services"] - len(row["sample"])
    return render(request, "architecture/processes.html", {
        **context, "q": text, "total": len(rows), "may_administer": access.may_administer(request.user)})


def _ancestors(process):
    chain, seen, parent = [], set(), process.parent
    while parent is not None and parent.pk not in seen:
        seen.add(parent.pk)
        chain.insert(0, parent)
        parent = parent.parent
    return chain


@login_required
def process_detail(request, pk):
    process = get_object_or_404(Process, pk=pk)
    children = sorted(process.children.all(), key=lambda p: queries_processes.code_key(p.code))
    services = queries_processes.with_classification(services_with_owner()).filter(processes=process).order_by(
        "name", "pk")
    overlapping = []
    if not children:
        ids = rules.overlapping_links(datetime.date.today()).filter(process=process).values("service_id")
        overlapping = list(Service.objects.filter(pk__in=ids).order_by("name")[:50])
    return render(request, "architecture/process.html", {
        "process": process, "ancestors": _ancestors(process), "children": children,
        **paged(request, services, PAGE_SIZE), "overlapping": overlapping,
        "may_administer": access.may_administer(request.user),
    })


def _edit(request, process):
    _administrators_only(request.user)
    form = ProcessForm(request.POST or None, instance=process)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_process(process=form.instance)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The process %(process)s was saved.") % {"process": saved})
            return redirect("architecture:process", saved.pk)
    return render(request, "architecture/process_form.html", {"form": form, "process": process})


@login_required
def process_create(request):
    return _edit(request, Process())


@login_required
def process_edit(request, pk):
    return _edit(request, get_object_or_404(Process, pk=pk))


@login_required
def process_import(request):
    _administrators_only(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.import_processes(upload.name, upload.read())
        except ImportFileError as error:
            form.add_error("file", str(error))
    return render(request, "architecture/process_import.html", {"form": form, "result": result,
                                                                  "columns": imports.COLUMNS})


@login_required
def process_export(request, fmt):
    """The whole map in the import's columns, so an exported map can be edited and imported back."""
    codes = dict(Process.objects.values_list("id", "code"))
    described = dict(Process.objects.values_list("id", "description"))
    rows = [[r["code"], r["name"], codes.get(r["parent_id"], ""), r["kind"], described[r["id"]], r["services"]]
            for r in queries_processes.tree()]
    header = [*imports.COLUMNS, "services"]
    if fmt == "csv":
        text = io.StringIO()
        exports.write_csv(text, header, rows)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        data = io.BytesIO()
        exports.write_xlsx(data, _("Processes"), header, rows)
        response = HttpResponse(data.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="processer.{fmt}"'
    return response


# Suggestions while typing --------------------------------------------------------------------------------------

@login_required
def process_options(request):
    """<option>s for a process field's datalist. With many=1 the field holds several codes separated by commas and
    the suggestions complete the last one."""
    raw = next((request.GET[name] for name in ("processes", "process", "parent", "q") if request.GET.get(name)), "")
    raw = raw.replace("\x00", "")[:500]
    prefix = ""
    if request.GET.get("many"):
        head, _sep, raw = raw.rpartition(",")
        prefix = f"{head.strip()}, " if head.strip() else ""
    found = queries_processes.process_options(raw, leaves_only=bool(request.GET.get("leaves")))
    return render(request, "architecture/_process_options.html",
                  {"options": [(f"{prefix}{p.code}", p) for p in found]})


# The service page's panel ---------------------------------------------------------------------------------------

def service_panel(request, service):
    links = sorted(service.processes.all(), key=lambda p: queries_processes.code_key(p.code))
    parents = set(Process.objects.filter(parent__in=links).values_list("parent_id", flat=True))
    today = datetime.date.today()
    overlaps = [(process, other) for _id, process, other in rules.overlaps([service.pk], today)]
    mapping = NeedsMapping.objects.filter(service=service).prefetch_related("processes", "candidates__candidate").first()
    may_edit = access.may_edit(request.user, service)
    return render_to_string("architecture/_processes_panel.html", {
        "service": service, "links": [(p, p.pk not in parents) for p in links], "overlaps": overlaps,
        "mapping": mapping, "missing": list(rules.missing_from_mapping(service)[:20]) if mapping else [],
        "needs_mapping_due": service.phase in rules.BEING_BUILT and mapping is None,
        "may_edit": may_edit, "form": LinkForm() if may_edit else None,
    }, request=request)


def _owned_service(request, pk):
    service = get_object_or_404(Service, pk=pk)
    if not access.may_edit(request.user, service):
        raise PermissionDenied(_("Only editors of the owning organisation and administrators may change this "
                                 "service."))
    return service


def _report(request, error):
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def link_add(request, pk):
    service = _owned_service(request, pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        try:
            actions.link_service(service=service, process=form.cleaned_data["process"])
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("The service now supports %(process)s.") % {
                "process": form.cleaned_data["process"]})
    return redirect(service.section_url("architecture", "processes"))


@login_required
def link_remove(request, pk, process_pk):
    service = _owned_service(request, pk)
    process = get_object_or_404(Process, pk=process_pk)
    link = Process.services.through.objects.filter(process=process, service=service).first()
    if request.method != "POST" and link is not None:  # every removal asks first (core.deletion)
        return deletion.confirm(
            request, link, cancel_url=service.section_url("architecture", "processes"),
            title=_("Remove %(service)s from %(process)s?") % {"service": service, "process": process},
            note=_("The service and the process stay; only the link between them goes."))
    try:
        actions.unlink_service(service=service, process=process)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The service no longer supports %(process)s.") % {"process": process})
    return redirect(service.section_url("architecture", "processes"))


# Needs mapping (002 §9.1.7) --------------------------------------------------------------------------------------

def _rows(user, services):
    """Rows for the needs pages: a shielded service shows its name, owner and classification, not its consumers."""
    hidden = access.shielded_services(user)
    shielded = set() if hidden is None else set(
        Service.objects.filter(pk__in=[s.pk for s in services], id__in=hidden).values_list("pk", flat=True))
    for service in services:
        levels = (service.classification_k, service.classification_r, service.classification_t)
        service.notation = "" if levels == (None, None, None) else notation(*levels)
        service.shielded = service.pk in shielded
    return services


@login_required
def needs(request):
    form = NeedsSearchForm(request.GET or None)
    services = Service.objects.none()
    processes = []
    if form.is_valid():
        processes = form.cleaned_data["processes"] or []
        services = queries_processes.needs_search(request.user, form.cleaned_data["q"], [p.pk for p in processes])
    context = paged(request, services, PAGE_SIZE)
    _rows(request.user, context["page"].object_list)
    planned = []
    if access.may_register(request.user):
        editable = access.editable_organisation_ids(request.user)
        planned = services_with_owner().filter(phase__in=[Service.Phase.PLANNED, *rules.BEING_BUILT]).order_by("name")
        if editable is not None:
            planned = planned.filter(owner_id__in=editable)
        planned = list(planned[:200])
    return render(request, "architecture/needs.html", {
        "form": form, **context, "searched": form.is_bound and form.is_valid(), "processes": processes,
        "planned": planned,
    })


def _candidates(user, service, processes, text, previous):
    """The services to consider: those supporting the processes (which must be considered), those the text finds,
    and those the mapping named before; never the service itself."""
    required = list(Service.objects.filter(rules.ACTIVE, processes__in=processes).exclude(pk=service.pk)
                    .distinct().order_by("name")) if processes else []
    found = list(Service.objects.none())
    if text:
        found = [s for s in queries_processes.needs_search(user, text)[:20] if s.pk != service.pk]
    seen, candidates = set(), []
    for candidate in [*required, *previous, *found]:
        if candidate.pk not in seen:
            seen.add(candidate.pk)
            candidates.append(candidate)
    return candidates, {s.pk for s in required}


@login_required
def needs_mapping(request, pk):
    service = _owned_service(request, pk)
    mapping = NeedsMapping.objects.filter(service=service).first()
    reasons = {row.candidate_id: row.reason for row in mapping.candidates.all()} if mapping else {}
    previous = [row.candidate for row in mapping.candidates.select_related("candidate")] if mapping else []
    saving = request.method == "POST" and "save" in request.POST
    source = request.POST if request.method == "POST" else request.GET
    probe = NeedsSearchForm({"q": (source.get("need") or source.get("q") or "")[:500],
                             "processes": source.get("processes") or ""})
    processes, text = (probe.cleaned_data["processes"] or [], probe.cleaned_data["q"]) if probe.is_valid() else ([], "")
    if request.method == "GET" and not source.get("processes") and mapping:
        processes = list(mapping.processes.all())
    candidates, required = _candidates(request.user, service, processes, text, previous)
    if request.method == "POST":
        # "Show the services to consider" posts what is typed so far and shows the form again, not yet saved.
        initial = {key: source.get(key, "") for key in ("need", "processes", "other", "other_reason", "row_version")}
        initial.update({f"reason_{s.pk}": source.get(f"reason_{s.pk}", reasons.get(s.pk, "")) for s in candidates})
    else:
        initial = {"need": source.get("q") or (mapping.need if mapping else ""), "processes": processes,
                   "row_version": mapping.row_version if mapping else None,
                   **{f"reason_{pk}": reason for pk, reason in reasons.items()}}
    form = NeedsMappingForm(request.POST if saving else None, initial=initial, candidates=candidates,
                            required=required)
    if form.is_bound and form.is_valid():
        try:
            actions.record_needs_mapping(
                service=service, need=form.cleaned_data["need"], processes=form.cleaned_data["processes"] or [],
                candidates=form.chosen(), user=request.user, row_version=form.cleaned_data.get("row_version"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The needs mapping of %(service)s was recorded.") % {"service": service})
            return redirect(service.section_url("architecture", "needs-mapping"))
    return render(request, "architecture/needs_mapping.html", {"service": service, "form": form,
                                                                 "mapping": mapping})
