"""The one registry: where apps plug into each other without importing upward or sideways.

Imports point down (core <- organisations <- decisions <- services <- the capability apps <- reports and
the project package). Yet "no production without a passed test" belongs to the app that knows tests, the
service page shows what every other app knows of a service, and the rules engine runs rules that each app
writes about its own facts. Those apps register here from their AppConfig.ready(); whoever needs the
contributions reads them from here. Nothing in this module knows any app.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

PHASE_GUARDS = []
"""guard(service, old_phase, new_phase) -> None, raising ValidationError({"phase": ...}) to refuse."""

SERVICE_PANELS = []
"""panel(request, service) -> HTML for the service page, or ""."""

SERVICE_SECTIONS = {}
"""panel -> the section of the service page it appears in ("ownership", "consumers", "governance",
"architecture", "security", "costs", "history"). The page renders its facts and loads each section when it is
opened (issue 13); a panel not named here goes into "governance"."""

DEFAULT_SERVICE_SECTION = "governance"

DASHBOARD_PANELS = []
# Readers of the overview's figures as an app has stored them (rules: with its evaluation, docs/decisions/0036):
# each returns the figures or None; the overview counts them itself when none answers.
OVERVIEW_FIGURES = []
"""panel(request) -> HTML for the overview page, or ""."""

ORGANISATION_PANELS = []
"""panel(request, organisation) -> HTML for an organisation's page, or ""."""

MENU = []
"""(order, label, url name[, shown(user) -> bool]) — the main menu; each app adds its own pages. Without
`shown` an entry is for everyone signed in."""

ORGANISATION_COUNTS = []
"""(label, counts(organisation_ids) -> {id: n}) — columns of the organisation list, e.g. services owned."""

DEMO_BUILDERS = []
"""(order, builder(region)) — each app adds its part of the demo region; run in order."""

OWNERS = {}
"""model -> owner(obj) -> id of the organisation that owns obj now, or None. Objects that belong to a
service (obj.service) are owned by the service's owner without registering."""

DECIDERS = {}
"""model -> decider(obj) -> id of the organisation entitled to decide obj."""

VISIBILITY = {}
"""model -> visible(user, queryset) -> the part of queryset the user may see in detail."""

PARENTS = {}
"""model -> parent(obj) -> the record obj belongs to and shares its visibility with (an attachment its
decision). Objects that belong to a service (obj.service) need not register."""

SERVICE_DETAILS = {}
"""model -> lookup path from it to its service ("service", "analysis__service"): records that are a service's
security details, hidden with it when the service is shielded from a user (access.visible_to)."""

DETAIL_SHIELDS = []
"""[shield(user) -> query of Service ids whose details are hidden from user, or None], registered by the app
that knows what makes a service sensitive (information security). Never asked for administrators, auditors
or security officers."""

REQUIRED_TESTS = []
"""[required(service) -> {test type: reason}] — tests a service needs passed for its current version before
production, on top of any test; asked by the app that knows tests (lifecycle's go-live gate)."""

COMPONENT_LINKS = []
"""[(label, url name taking the component's pk)] — pages other apps offer about a lifecycle component (e.g. what
stops if it stops), linked from where lifecycle lists components."""

GENERATORS = []
"""[generate(service_ids, seed)] — each app adds its synthetic data for services `styr generate` made (for
benchmarks at a realistic shape), in bulk."""

MEMBERSHIPS = []
"""[lookup(user, role) -> set of organisation ids], registered by the app that keeps memberships."""

RULES = {}
"""rule id -> Rule, kept in id order by register_rule()."""


@dataclass(frozen=True)
class Rule:
    """One of the region's principles as a check: one set-based query for the services it applies to,
    one for those among them that break it. Nothing loops over services in Python."""

    id: str
    text: str
    source: str
    severity: str
    applies: Callable[[datetime.date], QuerySet]
    breaks: Callable[[QuerySet, datetime.date], QuerySet]
    skipped: str = ""
    # A finding of this rule tells something of the service's security details (e.g. "no data processing
    # agreement"): shown only to those who may see them (core.access.may_see_details).
    detail: bool = False
    # What the rule checks (docs/decisions/0016). Most rules check services. A rule over another register (an
    # indicator's deviations, issue 10) names its subject; its applies/breaks then answer rows of that model,
    # `owner` is the lookup from such a row to the id of the organisation that owns it, and `describe(failing)`
    # gives each finding's {"id", "label", "link", "owner", "owner_name"} (set-based, one query).
    subject: str = "service"
    owner: str = ""
    describe: Callable | None = None
    # What a finding of the rule means for the one who fixes it (what is missing or wrong), in the rules'
    # language; empty: built from `text`. `fix`: where it is fixed — a URL name that takes the subject's pk
    # ("services:edit"), or "section#anchor" of the service page (the section opened, services/sections.py);
    # empty: the subject's own page.
    reason: str = ""
    fix: str = ""

    @property
    def about_services(self):
        return self.subject == "service"

    @property
    def reason_text(self):
        return self.reason or f"Bryter mot regeln: {self.text}"

    def applicable(self, today):
        return self.applies(today)

    def failing(self, today):
        return self.breaks(self.applies(today), today)


BLOCKING, WARNING = "blocking", "warning"


def register_rule(rule):
    if rule.id in RULES:
        raise ValueError(f"two rules with the id {rule.id}")
    RULES[rule.id] = rule
    ordered = dict(sorted(RULES.items()))
    RULES.clear()
    RULES.update(ordered)


def rules():
    return list(RULES.values())


def check_phase_change(service, old, new):
    for guard in PHASE_GUARDS:
        guard(service, old, new)


def _rendered(panels, *args):
    return [html for html in (panel(*args) for panel in panels) if html]


def menu(user=None):
    return [(entry[1], entry[2]) for entry in sorted(MENU, key=lambda item: item[0])
            if len(entry) < 4 or (user is not None and entry[3](user))]


def service_panels(request, service, section=None):
    """The rendered panels of one section of the service page (all of them when section is None)."""
    panels = SERVICE_PANELS if section is None else [
        panel for panel in SERVICE_PANELS if SERVICE_SECTIONS.get(panel, DEFAULT_SERVICE_SECTION) == section]
    return _rendered(panels, request, service)


def dashboard_panels(request):
    return _rendered(DASHBOARD_PANELS, request)


def organisation_panels(request, organisation):
    return _rendered(ORGANISATION_PANELS, request, organisation)


def owner_of(obj):
    owner = OWNERS.get(type(obj))
    if owner is not None:
        return owner(obj)
    if hasattr(obj, "service"):
        return owner_of(obj.service)
    raise LookupError(f"no owner is registered for {type(obj).__name__}")


def parent_of(obj):
    parent = PARENTS.get(type(obj))
    if parent is not None:
        return parent(obj)
    return getattr(obj, "service", None)


def decider_of(obj):
    decider = DECIDERS.get(type(obj))
    if decider is None:
        raise LookupError(f"no deciding body is registered for {type(obj).__name__}")
    return decider(obj)


@dataclass(frozen=True)
class ServiceListColumn:
    """A column an app adds to the service list: the table, the export and (read-only) the API. `value(service)`
    reads only what the extension's annotations put on the row, so a page costs no query per row."""

    key: str
    label: str
    value: Callable
    sort: str = ""  # the ordering parameter that sorts by this column, if any


@dataclass(frozen=True)
class ServiceListExtension:
    """What an app adds to the one service list (services.filters.ServiceFilter: page, API, export) without the
    services app importing it: set-based, each a join of at most one row per service (docs/decisions/0014).

    - annotations: {name: expression} the filters, orderings and columns read, added to the list's query;
    - filters() -> {parameter: django_filters.Filter} (a Filter's method may be a callable);
    - orderings: {parameter: (field, …)} — what `ordering=parameter` (or `-parameter`) sorts by;
    - columns: ServiceListColumn, in order."""

    name: str
    annotations: dict
    filters: Callable[[], dict]
    orderings: dict
    columns: tuple = ()


SERVICE_LIST_EXTENSIONS = []
"""[ServiceListExtension] — filters, orderings and columns other apps add to the service list."""


def service_list_columns():
    return [column for extension in SERVICE_LIST_EXTENSIONS for column in extension.columns]


@dataclass(frozen=True)
class RegisterIndicator:
    """An indicator the register computes, registered by the app that knows the facts (issue 10, C10).

    `count(on, services)` -> (numerator, denominator): how many of the services it counts meet the mark, and
    how many it counts, on the date `on`; `services` is None for the whole region, or a query of Service ids
    (one board's services) to narrow to. Set-based, one or two queries, no loop over services. The value is
    numerator / denominator in `unit` (100 × for "%"); a denominator of 0 gives no value.

    `version` names the query: a changed count gets a new version, and stored figures keep the version they
    were computed with, so a past year's figure never changes silently."""

    code: str
    name: str
    definition: str
    source: str
    version: str
    count: Callable
    unit: str = "%"
    direction: str = "higher"  # "higher" or "lower" is better
    focus_area: str = ""  # a FocusArea code of the indicators app's data, or ""


INDICATORS = {}
"""code -> RegisterIndicator, in code order; see register_indicator()."""


def register_indicator(indicator):
    if indicator.code in INDICATORS:
        raise ValueError(f"two register indicators with the code {indicator.code}")
    INDICATORS[indicator.code] = indicator
    ordered = dict(sorted(INDICATORS.items()))
    INDICATORS.clear()
    INDICATORS.update(ordered)


INDICATOR_FAMILIES = []
"""[() -> [RegisterIndicator]] — register indicators that come one per something which is complete only once
every app is ready: one per rule, while rules are registered from many apps' ready() in INSTALLED_APPS order.
register_indicator_families() registers them; the project package calls it from its ready(), the last app's."""

_families_registered = []


def register_indicator_families():
    """Register the families' indicators once (a second call, e.g. a re-run ready(), adds nothing)."""
    if _families_registered:
        return
    _families_registered.append(True)
    for family in INDICATOR_FAMILIES:
        for indicator in family():
            register_indicator(indicator)

SUGGESTERS = {}
"""kind -> core.suggest.Suggester: what a search-as-you-type field of that kind searches, how it writes a record
and how it finds the record again from what was typed. Registered by the app that owns the model (services
register "service", organisations "organisation", …); served by the one view core:suggest."""
