"""Write use-cases of governance: ownership transfers and exemptions. Each is atomic."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import uploads, versioning
from decisions.queries import cited_elsewhere
from organisations.models import Organisation
from services import actions as service_actions
from services.models import Ownership, Service
from services.queries import current_owner_id, current_ownership, scheduled_ownership

from .models import Exemption, OwnershipTransfer

UNDER_WAY = (OwnershipTransfer.Status.REQUESTED, OwnershipTransfer.Status.ANALYSED)


def transfer_body_id(transfer):
    """The body entitled to decide `transfer`: by default the board that decides for the service's domain,
    or another the domain names (Domain.transfers_decided_by, data not code). Fixed when the transfer is
    requested, so moving the service to another domain afterwards changes nothing."""
    return transfer.deciding_body_id or transfer.service.domain.transfer_body_id


def transfer_body(transfer):
    return Organisation.objects.get(pk=transfer_body_id(transfer))


@transaction.atomic
def request_transfer(*, service, to, reason, requested_date, requested_by=None, requested_on=None):
    """`requested_on` is today's date unless a past request is being recorded (the demo's history)."""
    ownership = current_ownership(service)
    if ownership is None:
        raise ValidationError(_("The service has no owner to transfer from; an administrator registers its "
                                "first owner, naming the decision."))
    if ownership.organisation_id == to.pk:
        raise ValidationError({"to_organisation": _("%(org)s already owns this service.") % {"org": to}})
    scheduled = scheduled_ownership(service)
    if scheduled is not None:
        raise ValidationError(_("The service already passes to %(org)s on %(date)s; request a new transfer after "
                                "that day.") % {"org": scheduled.organisation, "date": scheduled.valid_from})
    if OwnershipTransfer.objects.filter(service=service, status__in=UNDER_WAY).exists():
        raise ValidationError(_("A transfer of this service is already under way."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the ownership should move.")})
    return OwnershipTransfer.objects.create(
        service=service, from_organisation=ownership.organisation, to_organisation=to, reason=reason.strip(),
        requested_date=requested_date, requested_by=requested_by, requested_on=requested_on or datetime.date.today(),
        deciding_body_id=service.domain.transfer_body_id,
    )


@transaction.atomic
def attach_risk_analysis(*, transfer, text, document=None, row_version=None):
    transfer = OwnershipTransfer.objects.select_for_update().get(pk=transfer.pk)
    versioning.check(transfer, row_version)
    if transfer.status not in UNDER_WAY:
        raise ValidationError(_("The transfer is decided already."))
    if not text.strip():
        raise ValidationError({"risk_analysis": _("Describe the risks and consequences of the transfer.")})
    transfer.risk_analysis = text.strip()
    if document:
        uploads.check(document)
        transfer.risk_analysis_file = document
    transfer.status = OwnershipTransfer.Status.ANALYSED
    transfer.save()
    return transfer


def check_decision_for_transfer(transfer, decision, today=None):
    """A transfer is decided by a decision of the entitled body, taken for it: not before it was requested,
    not dated in the future. Says why not, naming the body and the dates."""
    today = today or datetime.date.today()
    if decision.body_id != transfer_body_id(transfer):
        body = transfer_body(transfer)
        raise ValidationError({"decision": _(
            "%(number)s is a decision of %(given)s; a transfer of this service is decided by %(body)s."
        ) % {"number": decision.registry_number, "given": decision.body, "body": body}}, code="wrong_body")
    if decision.decided_on < transfer.requested_on:
        raise ValidationError({"decision": _(
            "%(number)s was decided on %(date)s, before this transfer was requested (%(requested)s); it cannot "
            "be the decision on it."
        ) % {"number": decision.registry_number, "date": decision.decided_on, "requested": transfer.requested_on}},
            code="decision_before_request")
    if decision.decided_on > today:
        raise ValidationError({"decision": _("%(number)s is dated in the future (%(date)s).")
                               % {"number": decision.registry_number, "date": decision.decided_on}},
                              code="decision_in_future")
    check_not_cited_elsewhere(decision, transfer)


def check_not_cited_elsewhere(decision, decided):
    other = cited_elsewhere(decision, allowed=[decided])
    if other is not None:
        raise ValidationError({"decision": _(
            "%(number)s already decided something else (%(record)s); the decision on this one names it alone."
        ) % {"number": decision.registry_number, "record": other}}, code="decision_cited_elsewhere")


@transaction.atomic
def decide_transfer(*, transfer, approve, decision, effective_date=None, row_version=None):
    """Approve or reject. An approval stores the new ownership period from `effective_date`; a date in the
    future leaves the current owner in place until that day. `row_version` is the version the decider read: a
    decision over an analysis changed since is refused."""
    transfer = OwnershipTransfer.objects.select_for_update().select_related("service__domain").get(pk=transfer.pk)
    versioning.check(transfer, row_version)
    if transfer.status == OwnershipTransfer.Status.REQUESTED or not transfer.risk_analysis:
        raise ValidationError(_("A risk and consequence analysis must be attached before the transfer is decided."),
                              code="no_risk_analysis")
    if transfer.status not in UNDER_WAY:
        raise ValidationError(_("The transfer is decided already."))
    if decision is None:
        raise ValidationError({"decision": _("Name the decision.")})
    check_decision_for_transfer(transfer, decision)
    transfer.decision = decision
    if approve:
        if effective_date is None:
            raise ValidationError({"effective_date": _("Give the date the new owner takes over.")})
        if effective_date < decision.decided_on:
            raise ValidationError({"effective_date": _(
                "The new owner cannot take over before the decision (%(date)s).") % {"date": decision.decided_on}})
        transfer.status = OwnershipTransfer.Status.APPROVED
        transfer.effective_date = effective_date
        service_actions.transfer_ownership(
            service=transfer.service, to=transfer.to_organisation, on_date=effective_date, decision=decision,
            basis=Ownership.Basis.TRANSFER,
        )
    else:
        transfer.status = OwnershipTransfer.Status.REJECTED
    transfer.save()
    return transfer


def deciding_board(service):
    return service.domain.deciding_board


@transaction.atomic
def request_exemption(*, service, requesting_organisation, unique_need, why_not_common, considered=(),
                      requested_on=None):
    if service.kind != Service.Kind.LOCAL:
        raise ValidationError(_("Only a local service needs an exemption from the common services."))
    owner_id = current_owner_id(service)
    if requesting_organisation.pk != owner_id:
        raise ValidationError({"requesting_organisation": _(
            "The owner of the service requests its exemption; %(org)s does not own it.")
            % {"org": requesting_organisation}}, code="not_owner")
    if not unique_need.strip() or not why_not_common.strip():
        raise ValidationError(_("Describe the unique need and why the common services will not do."))
    exemption = Exemption.objects.create(
        service=service, requesting_organisation=requesting_organisation, unique_need=unique_need.strip(),
        why_not_common=why_not_common.strip(), deciding_board=deciding_board(service),
        requested_on=requested_on or datetime.date.today(),
    )
    exemption.considered.set(considered)
    return exemption


@transaction.atomic
def decide_exemption(*, exemption, approve, decision, expires_on=None, row_version=None):
    exemption = Exemption.objects.select_for_update().get(pk=exemption.pk)
    versioning.check(exemption, row_version)
    if exemption.status != Exemption.Status.REQUESTED:
        raise ValidationError(_("The exemption is decided already."))
    if decision.body_id != exemption.deciding_board_id:
        raise ValidationError({"decision": _(
            "An exemption is decided by the board responsible for the service's domain, %(board)s."
        ) % {"board": exemption.deciding_board}})
    if decision.decided_on > datetime.date.today():
        raise ValidationError({"decision": _("%(number)s is dated in the future (%(date)s).")
                               % {"number": decision.registry_number, "date": decision.decided_on}})
    if decision.decided_on < exemption.requested_on:
        raise ValidationError({"decision": _(
            "%(number)s was decided on %(date)s, before the exemption was requested (%(requested)s); it cannot "
            "be the decision on it.") % {"number": decision.registry_number, "date": decision.decided_on,
                                         "requested": exemption.requested_on}}, code="decision_before_request")
    check_not_cited_elsewhere(decision, exemption)
    if approve and (expires_on is None or expires_on <= decision.decided_on):
        raise ValidationError({"expires_on": _("An approved exemption needs an expiry date after the decision.")})
    exemption.decision = decision
    exemption.status = Exemption.Status.APPROVED if approve else Exemption.Status.REJECTED
    exemption.expires_on = expires_on if approve else None
    exemption.save()
    return exemption
