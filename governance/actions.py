"""Write use-cases of governance: decisions, transfers, exemptions, snapshots. Each is atomic."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from services import actions as service_actions
from services.models import Service

from . import rules
from .models import Decision, Exemption, OwnershipTransfer, RuleSnapshot


@transaction.atomic
def record_decision(*, body, decided_on, registry_number, title, text=""):
    decision = Decision(body=body, decided_on=decided_on, registry_number=registry_number.strip(), title=title,
                        text=text)
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def request_transfer(*, service, to, reason, requested_date, requested_by=None):
    ownership = service_actions.current_ownership(service)
    if ownership is None:
        raise ValidationError(_("The service has no owner to transfer from; give it an owner instead."))
    if ownership.organisation_id == to.pk:
        raise ValidationError({"to_organisation": _("%(org)s already owns this service.") % {"org": to}})
    if OwnershipTransfer.objects.filter(service=service, status__in=["requested", "analysed"]).exists():
        raise ValidationError(_("A transfer of this service is already under way."))
    return OwnershipTransfer.objects.create(
        service=service, from_organisation=ownership.organisation, to_organisation=to, reason=reason,
        requested_date=requested_date, requested_by=requested_by,
    )


@transaction.atomic
def attach_risk_analysis(*, transfer, text, document=None):
    transfer = OwnershipTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status not in (OwnershipTransfer.Status.REQUESTED, OwnershipTransfer.Status.ANALYSED):
        raise ValidationError(_("The transfer is decided already."))
    if not text.strip():
        raise ValidationError({"risk_analysis": _("Describe the risks and consequences of the transfer.")})
    transfer.risk_analysis = text.strip()
    if document:
        transfer.risk_analysis_file = document
    transfer.status = OwnershipTransfer.Status.ANALYSED
    transfer.save()
    return transfer


@transaction.atomic
def decide_transfer(*, transfer, approve, decision, effective_date=None):
    """Approve or reject; an approval closes the current ownership and opens the new one that day."""
    transfer = OwnershipTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status == OwnershipTransfer.Status.REQUESTED or not transfer.risk_analysis:
        raise ValidationError(_("A risk and consequence analysis must be attached before the transfer is decided."),
                              code="no_risk_analysis")
    if transfer.status != OwnershipTransfer.Status.ANALYSED:
        raise ValidationError(_("The transfer is decided already."))
    transfer.decision = decision
    if approve:
        if effective_date is None:
            raise ValidationError({"effective_date": _("Give the date the new owner takes over.")})
        transfer.status = OwnershipTransfer.Status.APPROVED
        transfer.effective_date = effective_date
        service_actions.transfer_ownership(
            service=transfer.service, to=transfer.to_organisation, on_date=effective_date,
            decision_reference=decision.registry_number,
        )
    else:
        transfer.status = OwnershipTransfer.Status.REJECTED
    transfer.save()
    return transfer


def deciding_board(service):
    return service.domain.deciding_board


@transaction.atomic
def request_exemption(*, service, requesting_organisation, unique_need, why_not_common, considered=()):
    if service.kind != Service.Kind.LOCAL:
        raise ValidationError(_("Only a local service needs an exemption from the common services."))
    if not unique_need.strip() or not why_not_common.strip():
        raise ValidationError(_("Describe the unique need and why the common services will not do."))
    exemption = Exemption.objects.create(
        service=service, requesting_organisation=requesting_organisation, unique_need=unique_need.strip(),
        why_not_common=why_not_common.strip(), deciding_board=deciding_board(service),
    )
    exemption.considered.set(considered)
    return exemption


@transaction.atomic
def decide_exemption(*, exemption, approve, decision, expires_on=None):
    exemption = Exemption.objects.select_for_update().get(pk=exemption.pk)
    if exemption.status != Exemption.Status.REQUESTED:
        raise ValidationError(_("The exemption is decided already."))
    if decision.body_id != exemption.deciding_board_id:
        raise ValidationError({"decision": _(
            "An exemption is decided by the board responsible for the service's domain, %(board)s."
        ) % {"board": exemption.deciding_board}})
    if approve and (expires_on is None or expires_on <= decision.decided_on):
        raise ValidationError({"expires_on": _("An approved exemption needs an expiry date after the decision.")})
    exemption.decision = decision
    exemption.status = Exemption.Status.APPROVED if approve else Exemption.Status.REJECTED
    exemption.expires_on = expires_on if approve else None
    exemption.save()
    return exemption


@transaction.atomic
def take_snapshot(*, today=None):
    """Store today's result of every rule per owner; taken again the same day, it replaces that day's."""
    today = today or datetime.date.today()
    RuleSnapshot.objects.filter(taken_on=today).delete()
    rows = [
        RuleSnapshot(taken_on=today, rule=rule_id, owner_id=owner_id, applicable=applicable, failing=failing)
        for rule_id, owner_id, applicable, failing in rules.counts_by_owner(today)
    ]
    RuleSnapshot.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
