"""The cost allocation's indicator (issue 10, C10; 000 §4.1 "no free goods", 002 §9.2), registered from
CostsConfig.ready(): how much of a year's cost lands on the boards and companies that use the services, rather
than being carried in common or left unallocated."""

from django.db.models import Sum

from core.registry import RegisterIndicator, register_indicator

from .models import AllocationLine, AllocationRun, CostLine, Figure, FundingModel

ORE_PER_TKR = 100_000  # the counts are whole thousands of kronor: a region's öre do not fit the stored counts


def tkr(ore):
    """Öre to whole thousands of kronor, rounded half up (amounts are never negative)."""
    return (int(ore or 0) + ORE_PER_TKR // 2) // ORE_PER_TKR


def latest_run(year):
    """The year's latest allocation run of the outcome, else of the budget, else None."""
    for figure in (Figure.OUTCOME, Figure.BUDGET):
        run = AllocationRun.objects.filter(year=year, figure=figure).order_by("-created_at", "-pk").first()
        if run is not None:
            return run
    return None


def count_allocated(on, services=None):
    run = latest_run(on.year)
    if run is None:
        return 0, 0
    lines = AllocationLine.objects.filter(run=run).exclude(method=FundingModel.Method.COMMON)
    costs = CostLine.objects.filter(year=run.year, figure=run.figure)
    if services is not None:
        lines, costs = lines.filter(service_id__in=services), costs.filter(service_id__in=services)
    allocated = lines.aggregate(s=Sum("amount_ore"))["s"]
    total = costs.aggregate(s=Sum("amount_ore"))["s"]
    return tkr(allocated), tkr(total)


INDICATORS = [
    RegisterIndicator(
        code="kostnad-fordelad",
        name="Andel av kostnaden som fördelas på användande nämnder och bolag",
        definition=("Räknas: årets kostnad för de digitala tjänsterna enligt kostnadsraderna för räkningsdagens år — "
                    "utfall om en fördelningskörning av utfallet finns, annars budget — i tusental kronor. Av den: "
                    "det som årets senaste fördelningskörning fördelar på användarna efter volym, fast nyckel eller "
                    "lika delar. Det som bärs gemensamt av en finansiär och det som inte kunde fördelas räknas inte "
                    "(000 §4.1, 002 §9.2). Utan fördelningskörning för året finns inget värde. Andel i procent."),
        source="Styrs register: kostnader och fördelningskörningar",
        version="1",
        count=count_allocated,
    ),
]


def register():
    for indicator in INDICATORS:
        register_indicator(indicator)
