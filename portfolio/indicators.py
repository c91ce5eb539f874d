"""The portfolio's register indicators (issue 12 point 4; core.registry.RegisterIndicator, docs/decisions/0017),
registered from PortfolioConfig.ready(). Each count is two set-based queries.

What `count(on, services)` means here: an indicator of the register counts services, but these count initiatives.
`services` (None for the whole region, or a query of one board's Service ids) narrows to the initiatives that
create, change or retire at least one of those services — a board's figure is about the initiatives that touch
its services, whoever proposed them. `on` is the counting day: an initiative counts by its status as registered
when counted (as the register's service indicators count phases), and only if that status was reached on or
before `on` (`status_changed_on`); an outcome counts only if measured on or before `on`."""

from django.db.models import Exists, OuterRef, Q

from core.registry import RegisterIndicator, register_indicator

from .models import Benefit, BenefitOutcome, Initiative, InitiativeService, ValueAssessment

Status = Initiative.Status
INVESTED = [Status.DECIDED, Status.IN_PROGRESS, Status.DONE]


def _initiatives(on, services, statuses):
    counted = Initiative.objects.filter(status__in=statuses).filter(
        Q(status_changed_on__isnull=True) | Q(status_changed_on__lte=on))
    if services is not None:
        counted = counted.filter(Exists(InitiativeService.objects.filter(initiative=OuterRef("pk"),
                                                                         service__in=services)))
    return counted


def count_assessed(on, services=None):
    counted = _initiatives(on, services, INVESTED)
    assessed = counted.filter(Exists(ValueAssessment.objects.filter(initiative=OuterRef("pk"), score__isnull=False,
                                                                    assessed_on__lte=on)))
    return assessed.count(), counted.count()


def count_measured(on, services=None):
    """Done initiatives with expected benefits; of them, those whose every benefit has an outcome measured after the
    initiative was done (and on or before `on`)."""
    counted = _initiatives(on, services, [Status.DONE]).filter(Exists(Benefit.objects.filter(
        initiative=OuterRef("pk"))))
    unmeasured = Benefit.objects.filter(initiative=OuterRef("pk")).filter(~Exists(BenefitOutcome.objects.filter(
        benefit=OuterRef("pk"), measured_on__gt=OuterRef("initiative__status_changed_on"), measured_on__lte=on)))
    return counted.filter(~Exists(unmeasured)).count(), counted.count()


INDICATORS = [
    RegisterIndicator(
        code="initiativ-med-vardebedomning",
        name="Andel beslutade, pågående och klara digitaliseringsinitiativ med en värdebedömning",
        definition=("Räknas: digitaliseringsinitiativ med status beslutat, pågående eller klart (status som den är "
                    "registrerad när talet räknas, nådd senast räkningsdagen). Av dem: de som har en värdebedömning "
                    "med poäng gjord senast räkningsdagen (002 §10.10). För en nämnd: initiativ som skapar, ändrar "
                    "eller avvecklar någon av nämndens tjänster. Andel i procent."),
        source="Styrs portfölj: initiativ och värdebedömningar",
        version="1",
        count=count_assessed,
    ),
    RegisterIndicator(
        code="initiativ-med-matt-nytta",
        name="Andel klara digitaliseringsinitiativ med uppmätt nytta",
        definition=("Räknas: digitaliseringsinitiativ som är klara senast räkningsdagen och har minst en förväntad "
                    "nytta. Av dem: de där varje förväntad nytta har ett utfall mätt efter att initiativet blev "
                    "klart och senast räkningsdagen (002 §8.2). För en nämnd: initiativ som skapar, ändrar eller "
                    "avvecklar någon av nämndens tjänster. Andel i procent."),
        source="Styrs portfölj: initiativ, nyttor och utfall",
        version="1",
        count=count_measured,
    ),
]


def register():
    for indicator in INDICATORS:
        register_indicator(indicator)


