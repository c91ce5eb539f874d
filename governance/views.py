import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from organisations.models import Domain, Organisation
from organisations.queries import is_administrator, may_edit_for
from services.forms import add_action_errors
from services.models import Service
from services.queries import current_owner_id, may_edit_service, services_with_owner

from . import actions, queries, rules
from .forms import (
    AttachmentForm,
    DecisionForm,
    ExemptionDecideForm,
    ExemptionRequestForm,
    RiskAnalysisForm,
    TransferDecideForm,
    TransferRequestForm,
)
from .models import Decision, DecisionAttachment, Exemption, OwnershipTransfer, RuleSnapshot


def service_panel(request, service):
    return render_to_string("governance/_service_panel.html", {
        "service": service,
        "findings": rules.findings(services=[service.pk]),
        "transfers": service.transfers.select_related("from_organisation", "to_organisation", "decision"),
        "exemptions": service.exemptions.select_related("decision", "deciding_board"),
        "may_request": may_edit_service(request.user, service),
    }, request=request)


def _trend(days=30):
    totals = {}
    for day, applicable, failing in (RuleSnapshot.objects.values_list("taken_on").annotate(
            a=Sum("applicable"), f=Sum("failing")).order_by("-taken_on")[:days]):
        totals[day] = (applicable, failing)
    return [(day, a, f, _share(a, f)) for day, (a, f) in sorted(totals.items())]


def dashboard_panel(request):
    """The overview shows the latest daily snapshot — a region of 100,000 services would otherwise run
    every rule on each visit — and runs the rules live only when no snapshot exists yet."""
    latest = RuleSnapshot.objects.order_by("-taken_on").values_list("taken_on", flat=True).first()
    if latest is None:
        counted, as_of = rules.counts(), None
    else:
        totals = {rule: (a, f) for rule, a, f in RuleSnapshot.objects.filter(taken_on=latest).values_list("rule")
                  .annotate(a=Sum("applicable"), f=Sum("failing")).values_list("rule", "a", "f")}
        counted = [(r, *totals.get(r.id, (0, 0))) for r in rules.RULES]
        as_of = latest
    return render_to_string("governance/_dashboard_panel.html", {
        "blocking": sum(f for r, _, f in counted if r.severity == rules.BLOCKING),
        "warnings": sum(f for r, _, f in counted if r.severity == rules.WARNING),
        "rows": [(r, a, f, _share(a, f)) for r, a, f in counted if not r.skipped],
        "trend": _trend(14), "as_of": as_of,
    }, request=request)


def organisation_panel(request, organisation):
    services = services_with_owner().filter(owner_id=organisation.pk).values("pk")
    rows = [(r, a, f, _share(a, f)) for r, a, f in rules.counts(services=services) if a]
    if not rows:
        return ""
    return render_to_string("governance/_organisation_panel.html", {"organisation": organisation, "rows": rows},
                            request=request)


@login_required
def rule_list(request):
    today = datetime.date.today()
    by_owner = {}
    for _rule, owner_id, applicable, failing in rules.counts_by_owner(today):
        row = by_owner.setdefault(owner_id, [0, 0])
        row[0] += applicable
        row[1] += failing
    owners = Organisation.objects.in_bulk([o for o in by_owner if o])
    return render(request, "governance/rules.html", {
        "rows": [(r, a, f, _share(a, f)) for r, a, f in rules.counts(today)],
        "trend": _trend(),
        "owners": sorted(((owners[o], a, f, _share(a, f)) for o, (a, f) in by_owner.items() if o),
                         key=lambda row: (row[3], row[0].name)),
    })


def _share(applicable, failing):
    return None if not applicable else round(100 * (applicable - failing) / applicable)


@login_required
def finding_list(request):
    selected = request.GET.get("rule") or None
    owner = request.GET.get("owner") or None
    domain = request.GET.get("domain") or None
    services = None
    if owner or domain:
        services = services_with_owner()
        if owner:
            services = services.filter(owner_code=owner)
        if domain:
            services = services.filter(domain__code=domain)
        services = services.values("pk")
    found = rules.findings(rule_ids={selected} if selected else None, services=services)
    return render(request, "governance/findings.html", {
        "findings": found[:1000], "total": len(found), "rules": rules.RULES, "selected": selected,
        "owner": owner, "domain": domain, "organisations": Organisation.objects.all(), "domains": Domain.objects.all(),
    })


def _scorecard(request, title, services):
    rows = [(r, a, f, _share(a, f)) for r, a, f in rules.counts(services=services)]
    return render(request, "governance/scorecard.html", {"title": title, "rows": rows})


@login_required
def organisation_scorecard(request, code):
    organisation = get_object_or_404(Organisation, code=code)
    services = services_with_owner().filter(owner_id=organisation.pk).values("pk")
    return _scorecard(request, _("Scorecard: %(name)s") % {"name": organisation.name}, services)


@login_required
def domain_scorecard(request, code):
    domain = get_object_or_404(Domain, code=code)
    services = Service.objects.filter(domain__in=[domain, *domain.sub_areas.all()]).values("pk")
    return _scorecard(request, _("Scorecard: %(name)s") % {"name": domain.name}, services)


@login_required
def decision_list(request):
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not is_administrator(request.user):
            raise PermissionDenied(_("Only administrators record decisions."))
        if form.is_valid():
            try:
                decision = actions.record_decision(**{k: form.cleaned_data[k] for k in
                                                      ("body", "decided_on", "registry_number", "title", "text")})
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The decision %(number)s was recorded.") %
                                 {"number": decision.registry_number})
                return redirect(decision)
    return render(request, "governance/decisions.html", {
        "decisions": Decision.objects.select_related("body"), "form": form,
        "may_create": is_administrator(request.user),
    })


@login_required
def decision_detail(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("body"), pk=pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not is_administrator(request.user):
            raise PermissionDenied(_("Only administrators attach files to decisions."))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            DecisionAttachment.objects.create(decision=decision, file=upload,
                                              name=form.cleaned_data["name"] or upload.name)
            messages.success(request, _("The file was attached."))
            return redirect(decision)
    return render(request, "governance/decision.html", {
        "decision": decision, "transfers": decision.transfers.select_related("service"),
        "exemptions": decision.exemptions.select_related("service"), "attachments": decision.attachments.all(),
        "form": form, "may_attach": is_administrator(request.user),
    })


@login_required
def transfer_list(request):
    transfers = OwnershipTransfer.objects.select_related("service", "from_organisation", "to_organisation",
                                                         "decision")
    board = request.GET.get("board")
    if board:
        transfers = queries.for_board(transfers, board)
    return render(request, "governance/transfers.html", {"transfers": transfers, "board": board,
                                                         "organisations": Organisation.objects.all()})


@login_required
def transfer_request(request, service_pk):
    service = get_object_or_404(Service, pk=service_pk)
    if not may_edit_service(request.user, service):
        raise PermissionDenied(_("Only editors of the owning organisation and administrators may change this service."))
    form = TransferRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = actions.request_transfer(service=service, to=form.cleaned_data["to"],
                                                reason=form.cleaned_data["reason"],
                                                requested_date=form.cleaned_data["requested_date"],
                                                requested_by=request.user)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The transfer was requested. Attach the risk and consequence analysis."))
            return redirect("governance:transfer", transfer.pk)
    return render(request, "governance/transfer_request.html", {"form": form, "service": service})


def _may_decide(user, decision_body_id=None):
    return is_administrator(user) or (decision_body_id is not None and may_edit_for(user, decision_body_id))


@login_required
def transfer_detail(request, pk):
    transfer = get_object_or_404(OwnershipTransfer.objects.select_related(
        "service", "from_organisation", "to_organisation", "decision"), pk=pk)
    analysis_form = RiskAnalysisForm(initial={"text": transfer.risk_analysis})
    decide_form = TransferDecideForm(initial={"effective_date": transfer.requested_date})
    if request.method == "POST":
        if "text" in request.POST:
            if not may_edit_for(request.user, transfer.from_organisation_id):
                raise PermissionDenied(_("Only the current owner's editors attach the risk analysis."))
            analysis_form = RiskAnalysisForm(request.POST, request.FILES)
            if analysis_form.is_valid():
                try:
                    actions.attach_risk_analysis(transfer=transfer, text=analysis_form.cleaned_data["text"],
                                                 document=analysis_form.cleaned_data["document"])
                except ValidationError as error:
                    add_action_errors(analysis_form, error)
                else:
                    messages.success(request, _("The risk and consequence analysis was attached."))
                    return redirect("governance:transfer", transfer.pk)
        else:
            decide_form = TransferDecideForm(request.POST)
            if decide_form.is_valid():
                if not _may_decide(request.user, decide_form.cleaned_data["decision"].body_id):
                    raise PermissionDenied(_("Only the deciding body's editors and administrators decide."))
                try:
                    actions.decide_transfer(transfer=transfer, **decide_form.cleaned_data)
                except ValidationError as error:
                    add_action_errors(decide_form, error)
                else:
                    messages.success(request, _("The transfer was decided."))
                    return redirect("governance:transfer", transfer.pk)
    return render(request, "governance/transfer.html", {
        "transfer": transfer, "analysis_form": analysis_form, "decide_form": decide_form,
        "open": transfer.status in (OwnershipTransfer.Status.REQUESTED, OwnershipTransfer.Status.ANALYSED),
    })


@login_required
def exemption_list(request):
    today = datetime.date.today()
    exemptions = Exemption.objects.select_related("service", "requesting_organisation", "deciding_board", "decision")
    return render(request, "governance/exemptions.html", {"exemptions": exemptions, "today": today})


@login_required
def exemption_request(request, service_pk):
    service = get_object_or_404(Service, pk=service_pk)
    if not may_edit_service(request.user, service):
        raise PermissionDenied(_("Only editors of the owning organisation and administrators may change this service."))
    form = ExemptionRequestForm(request.POST or None,
                                initial={"requesting_organisation": current_owner_id(service)})
    if request.method == "POST" and form.is_valid():
        try:
            exemption = actions.request_exemption(service=service, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The exemption was requested from %(board)s.") %
                             {"board": exemption.deciding_board})
            return redirect("governance:exemption", exemption.pk)
    return render(request, "governance/exemption_request.html", {"form": form, "service": service})


@login_required
def exemption_detail(request, pk):
    exemption = get_object_or_404(Exemption.objects.select_related(
        "service", "requesting_organisation", "deciding_board", "decision"), pk=pk)
    form = ExemptionDecideForm(request.POST or None)
    form.fields["decision"].queryset = Decision.objects.filter(body=exemption.deciding_board)
    if request.method == "POST" and form.is_valid():
        if not _may_decide(request.user, exemption.deciding_board_id):
            raise PermissionDenied(_("Only the deciding board's editors and administrators decide."))
        try:
            actions.decide_exemption(exemption=exemption, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The exemption was decided."))
            return redirect("governance:exemption", exemption.pk)
    return render(request, "governance/exemption.html", {
        "exemption": exemption, "form": form, "today": datetime.date.today(),
        "open": exemption.status == Exemption.Status.REQUESTED,
    })
