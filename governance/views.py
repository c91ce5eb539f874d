import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import access
from core.forms import add_action_errors
from core.views import paged
from decisions.queries import decisions_of
from services.models import Service
from services.queries import current_owner_id

from . import actions
from .filters import ExemptionFilter, TransferFilter
from .forms import ExemptionDecideForm, ExemptionRequestForm, RiskAnalysisForm, TransferDecideForm, TransferRequestForm
from .models import Exemption, OwnershipTransfer

PAGE_SIZE = 50
MAY_NOT_CHANGE = gettext_lazy("Only editors of the owning organisation and administrators may change this service.")


def service_panel(request, service):
    return render_to_string("governance/_service_panel.html", {
        "service": service,
        "transfers": service.transfers.select_related("from_organisation", "to_organisation", "decision"),
        "exemptions": service.exemptions.select_related("decision", "deciding_board"),
        # Only an owned service is transferred, and an exemption is requested by its owner.
        "may_request": current_owner_id(service) is not None and access.may_edit(request.user, service),
    }, request=request)


def _paged(request, filterset):
    return {"filter": filterset, **paged(request, filterset.qs, PAGE_SIZE)}


@login_required
def transfer_list(request):
    transfers = OwnershipTransfer.objects.select_related("service", "from_organisation", "to_organisation",
                                                         "decision").order_by("-requested_on", "-id")
    return render(request, "governance/transfers.html", _paged(request, TransferFilter(request.GET, transfers)))


@login_required
def transfer_request(request, service_pk):
    service = get_object_or_404(Service, pk=service_pk)
    if not access.may_edit(request.user, service):
        raise PermissionDenied(MAY_NOT_CHANGE)
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


def _eligible_decisions(transfer):
    """The entitled body's decisions from the request on: the only ones the action accepts."""
    return decisions_of(actions.transfer_body_id(transfer)).filter(
        decided_on__gte=transfer.requested_on, decided_on__lte=datetime.date.today())


@login_required
def transfer_detail(request, pk):
    transfer = get_object_or_404(OwnershipTransfer.objects.select_related(
        "service__domain", "from_organisation", "to_organisation", "decision"), pk=pk)
    is_open = transfer.status in actions.UNDER_WAY
    may_analyse = is_open and access.may_edit(request.user, transfer)
    may_decide = is_open and access.may_decide(request.user, transfer)
    analysis_form = RiskAnalysisForm(initial={"text": transfer.risk_analysis, "row_version": transfer.row_version})
    decide_form = TransferDecideForm(initial={"effective_date": transfer.requested_date,
                                              "row_version": transfer.row_version},
                                     decisions=_eligible_decisions(transfer))
    if request.method == "POST":
        if "text" in request.POST:
            if not may_analyse:
                raise PermissionDenied(_("Only the current owner's editors and administrators attach the risk and "
                                         "consequence analysis, while the transfer is open."))
            analysis_form = RiskAnalysisForm(request.POST, request.FILES)
            if analysis_form.is_valid():
                try:
                    actions.attach_risk_analysis(transfer=transfer, text=analysis_form.cleaned_data["text"],
                                                 document=analysis_form.cleaned_data["document"],
                                                 row_version=analysis_form.cleaned_data["row_version"])
                except ValidationError as error:
                    add_action_errors(analysis_form, error)
                else:
                    messages.success(request, _("The risk and consequence analysis was attached."))
                    return redirect("governance:transfer", transfer.pk)
        else:
            if not may_decide:
                raise PermissionDenied(_("Only the secretariat of %(body)s and administrators record the decision on "
                                         "this transfer, while it is open.")
                                       % {"body": actions.transfer_body(transfer)})
            decide_form = TransferDecideForm(request.POST, decisions=_eligible_decisions(transfer))
            if decide_form.is_valid():
                try:
                    actions.decide_transfer(transfer=transfer, **decide_form.cleaned_data)
                except ValidationError as error:
                    add_action_errors(decide_form, error)
                else:
                    messages.success(request, _("The transfer was decided."))
                    return redirect("governance:transfer", transfer.pk)
    return render(request, "governance/transfer.html", {
        "transfer": transfer, "analysis_form": analysis_form, "decide_form": decide_form,
        "may_analyse": may_analyse, "may_decide": may_decide, "body": actions.transfer_body(transfer),
        "today": datetime.date.today(),
    })


@login_required
def exemption_list(request):
    exemptions = Exemption.objects.select_related("service", "requesting_organisation", "deciding_board",
                                                  "decision").order_by("-id")
    context = _paged(request, ExemptionFilter(request.GET, exemptions))
    context["today"] = datetime.date.today()
    return render(request, "governance/exemptions.html", context)


@login_required
def exemption_request(request, service_pk):
    service = get_object_or_404(Service, pk=service_pk)
    if not access.may_edit(request.user, service):
        raise PermissionDenied(MAY_NOT_CHANGE)
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
    is_open = exemption.status == Exemption.Status.REQUESTED
    may_decide = is_open and access.may_decide(request.user, exemption)
    form = ExemptionDecideForm(request.POST or None, decisions=decisions_of(exemption.deciding_board_id),
                               initial={"row_version": exemption.row_version})
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied(_("Only the secretariat of %(body)s and administrators decide this exemption, "
                                     "while it is open.") % {"body": exemption.deciding_board})
        if form.is_valid():
            try:
                actions.decide_exemption(exemption=exemption, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The exemption was decided."))
                return redirect("governance:exemption", exemption.pk)
    return render(request, "governance/exemption.html", {
        "exemption": exemption, "form": form, "today": datetime.date.today(), "may_decide": may_decide,
    })
