"""Small data for the costs pages: a member of finance, an administrator, an editor, two services and three
organisations."""

from costs.models import CostLine, Driver, FundingModel
from organisations.tests import factories as orgs
from services.tests import factories as services


def finance_region():
    o = {code: orgs.organisation(code, name=name) for code, name in (
        ("HSN", "Hälso- och sjukvårdsnämnden"), ("SLSO", "Stockholms läns sjukvårdsområde"),
        ("TN", "Trafiknämnden"))}
    return {
        "orgs": o,
        "finance": orgs.user("ekonomi", finance=True),
        "admin": orgs.user("admin", admin=True),
        "editor": orgs.user("redaktor", editor_of=o["HSN"]),
        "reader": orgs.user("lasare"),
        "journal": services.service(owner=o["HSN"], name="Journalsystemet", external_id="HSF-001"),
        "booking": services.service(owner=o["SLSO"], name="Tidbokningen", external_id="SLSO-007"),
        "users": Driver.objects.create(code="users", name="Användare"),
    }


def cost_line(service, amount_ore=1_000_000, *, year=2026, cost_type="operations", figure="outcome", note=""):
    return CostLine.objects.create(service=service, year=year, cost_type=cost_type, figure=figure,
                                   amount_ore=amount_ore, note=note)


def funding(service, *, year=2026, method=FundingModel.Method.FIXED_KEY, driver=None):
    return FundingModel.objects.create(service=service, year=year, method=method, driver=driver)
