"""A small region for the initiative tests: HSN and SLSO (boards with services), the regional board RSTY as the
year's council (its editors: the governance office), two criteria weighted for 2026, and the users who act."""

from decimal import Decimal
from types import SimpleNamespace

from organisations.tests import factories as orgs
from security.tests.factories_visibility import auditor
from services.tests import factories as services

from .. import actions
from ..models import InitiativeService
from . import factories


def region():
    hsn, slso, rsty = orgs.organisation("HSN"), orgs.organisation("SLSO"), orgs.organisation("RSTY")
    year = factories.portfolio_year(2026, council=rsty, capacity=10_000_000_00)
    benefit = factories.criterion("nytta", scale_max=5, name="Nytta")
    risk = factories.criterion("risk", aspect="risk", scale_max=7, name="Risk")
    factories.criterion_weight(year, benefit, Decimal(3))
    factories.criterion_weight(year, risk, Decimal(1))
    return SimpleNamespace(
        hsn=hsn, slso=slso, rsty=rsty, year=year, benefit=benefit, risk=risk,
        hsn_service=services.service(hsn, name="Ersmo", external_id="HSF-002"),
        slso_service=services.service(slso, name="TakeCare", external_id="SLSO-010"),
        hsn_editor=orgs.user("hsn", editor_of=hsn), slso_editor=orgs.user("slso", editor_of=slso),
        office=orgs.user("styrning", editor_of=rsty), rs_secretariat=orgs.user("rs-sekr", secretariat_of=rsty),
        hsn_secretariat=orgs.user("hsn-sekr", secretariat_of=hsn), reader=orgs.user("lasare"),
        auditor=auditor("revisor"), admin=orgs.user("admin", admin=True),
    )


def proposed(r, *, owner=None, effect=InitiativeService.Effect.CHANGES, service=None, **fields):
    """An initiative of HSN (or `owner`) changing HSN's service."""
    owner = owner or r.hsn
    initiative = factories.initiative(owner, **fields)
    factories.initiative_service(initiative, service or r.hsn_service, effect)
    return initiative


def assessed(r, initiative, benefit=4, risk=7):
    return actions.record_assessment(user=r.office, initiative=initiative, portfolio_year=r.year,
                                     scores={r.benefit: benefit, r.risk: risk})


def prioritised(r, **fields):
    initiative = proposed(r, **fields)
    assessed(r, initiative)
    initiative.refresh_from_db()
    actions.change_status(user=r.admin, initiative=initiative, status="prioritised")
    initiative.refresh_from_db()
    return initiative
