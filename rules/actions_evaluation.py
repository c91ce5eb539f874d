"""Write use-cases of the stored evaluation (docs/decisions/0034): run every rule once and store its findings
and counts, so that the rules, findings and scorecard pages and the overview read rows instead of running
nineteen rules over a country's register on every visit.

refresh() is the one entry point. It is not one transaction on purpose: it first claims the refresh with a
conditional UPDATE of the one RefreshState row (committed at once, so a second process sees the claim), then
writes the evaluation in its own transaction, then lets go. Of two refreshes at once only one writes.
"""

import datetime
import threading
import time
from collections import Counter

from django.db import transaction
from django.db.models import Count, F, FilteredRelation, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core import bulk, registry
from core.models import ChainLink
from organisations.models import Organisation
from services import queries as services_queries
from services.queries import in_force

from .models import Evaluation, RefreshState, StoredCount, StoredFinding

# A claim older than this is taken for a refresh that died with its process (a killed worker).
CLAIM_EXPIRES = datetime.timedelta(minutes=15)
PLACEHOLDER = 987654321987  # a pk no register reaches: reversed once per rule, then replaced per row

FINDING_COLUMNS = ["evaluation_id", "rule", "severity", "subject", "subject_id", "service_id", "label", "search",
                   "external_id", "link", "owner_id", "owner_code", "owner_name", "domain_id", "domain_code",
                   "domain_name", "detail"]
COUNT_COLUMNS = ["evaluation_id", "rule", "owner_id", "domain_id", "applicable", "failing"]

# Set by rules.freshness when this thread writes something the rules read, until its commit marks it stale; an
# evaluation run in the same transaction has read those writes, so it clears the flag.
pending = threading.local()


def mark_stale():
    """Say that something the rules read has changed; the next look at the findings refreshes them (debounced,
    rules.freshness). Only the first change after a refresh writes (the WHERE leaves a stale row alone)."""
    updated = RefreshState.objects.filter(pk=1, stale_since__isnull=True).update(stale_since=timezone.now())
    if not updated and not RefreshState.objects.filter(pk=1).exists():
        RefreshState.objects.get_or_create(pk=1, defaults={"stale_since": timezone.now()})


def _claim():
    """True when this process may refresh now: no other refresh runs (or the one that did has died). The
    claim also clears `stale_since`: a change committed while this refresh runs makes it stale again."""
    RefreshState.objects.get_or_create(pk=1)
    now = timezone.now()
    return bool(RefreshState.objects.filter(Q(running_since__isnull=True) | Q(running_since__lt=now - CLAIM_EXPIRES),
                                            pk=1).update(running_since=now, stale_since=None))


def _release():
    RefreshState.objects.filter(pk=1).update(running_since=None)


def refresh(*, trigger, by=None, today=None):
    """Evaluate every rule and store the result as the latest evaluation; the previous one is deleted with it.
    Returns the Evaluation, or None when another refresh holds the claim (it will show the same changes)."""
    if not _claim():
        return None
    try:
        return evaluate(trigger=trigger, by=by, today=today)
    except BaseException:
        # What the refresh had cleared is still to be done.
        RefreshState.objects.filter(pk=1).update(stale_since=timezone.now())
        raise
    finally:
        _release()


@transaction.atomic
def evaluate(*, trigger, by=None, today=None):
    """Run all rules as of `today` and store findings and counts in bulk (core.bulk); older evaluations go."""
    today = today or datetime.date.today()
    start = time.perf_counter()
    pending.changed = False
    evaluation = Evaluation.objects.create(on=today, started_at=timezone.now(), trigger=trigger,
                                           by=by if by is not None and by.is_authenticated else None,
                                           chain_link=ChainLink.objects.order_by("-pk").values_list(
                                               "pk", flat=True).first() or 0)
    findings, counts = [], []
    codes = dict(Organisation.objects.values_list("code", "pk"))
    for rule in registry.rules():
        if rule.skipped:
            continue
        if rule.about_services:
            rows, rule_counts = _service_rule(evaluation.pk, rule, today)
        else:
            rows, rule_counts = _subject_rule(evaluation.pk, rule, today, codes)
        findings.extend(rows)
        counts.extend(rule_counts)
    bulk.insert_rows(StoredFinding, FINDING_COLUMNS, findings, prepared=True)
    bulk.insert_rows(StoredCount, COUNT_COLUMNS, counts, prepared=True)
    StoredFinding.objects.filter(evaluation__lt=evaluation.pk).delete()
    StoredCount.objects.filter(evaluation__lt=evaluation.pk).delete()
    Evaluation.objects.filter(pk__lt=evaluation.pk).delete()
    # Fresh statistics (0.6 s at 270,000 findings): without them SQLite reads a text search through the index of
    # the evaluation alone, i.e. every finding, instead of the search index (docs/decisions/0036).
    bulk.analyze(StoredFinding, StoredCount)
    evaluation.overview = overview_figures()
    evaluation.status = Evaluation.Status.DONE
    evaluation.findings = len(findings)
    evaluation.as_of = timezone.now()
    evaluation.took_ms = round(1000 * (time.perf_counter() - start))
    evaluation.save(update_fields=["status", "findings", "as_of", "took_ms", "overview"])
    return evaluation


def overview_figures():
    """The overview's figures as JSON: counted here once per evaluation rather than on every visit of the
    overview (docs/decisions/0036). The phase's label is the reader's, in the reader's language."""
    figures = services_queries.dashboard_figures()
    figures["by_phase"] = [{"phase": row["phase"], "n": row["n"]} for row in figures["by_phase"]]
    return figures


def _fix_link(rule, default_name):
    """(prefix, suffix) around the pk of where a finding of `rule` is fixed."""
    name, anchor = rule.fix or default_name, ""
    if "#" in rule.fix:  # "section#anchor" on the subject's own page: the service page opens that section
        section, _hash, anchor = rule.fix.partition("#")
        name, anchor = default_name, f"?open={section}#{anchor}"
    try:
        url = reverse(name, args=[PLACEHOLDER])
    except NoReverseMatch:  # a fix that names a page that is gone: the subject's own page still helps
        url, anchor = reverse(default_name, args=[PLACEHOLDER]), ""
    prefix, suffix = url.split(str(PLACEHOLDER), 1)
    return prefix, suffix + anchor


def _service_rule(evaluation_id, rule, today):
    """One query for the failing services with owner and domain (the owner joined once: ownership periods never
    overlap), one grouped query for the applicable ones per owner and domain."""
    def with_owner(services):
        return services.alias(open_ownership=FilteredRelation("ownerships",
                                                              condition=in_force(today, "ownerships__")))

    failing = with_owner(rule.failing(today)).annotate(
        owner=F("open_ownership__organisation_id"), owner_code=F("open_ownership__organisation__code"),
        owner_name=F("open_ownership__organisation__name"),
    ).values_list("pk", "name", "external_id", "owner", "owner_code", "owner_name", "domain_id", "domain__code",
                  "domain__name").order_by("name", "pk")
    prefix, suffix = _fix_link(rule, "services:detail")
    rows, broken = [], Counter()
    for pk, name, external_id, owner, owner_code, owner_name, domain, domain_code, domain_name in (
            failing.iterator(chunk_size=5000)):
        rows.append((evaluation_id, rule.id, rule.severity, "service", pk, pk, name[:300], name[:300].lower(),
                     external_id or "",
                     f"{prefix}{pk}{suffix}", owner, owner_code or "", owner_name or "", domain, domain_code or "",
                     domain_name or "", rule.detail))
        broken[owner, domain] += 1
    applicable = (with_owner(rule.applicable(today)).annotate(owner=F("open_ownership__organisation_id"))
                  .order_by().values_list("owner", "domain_id").annotate(n=Count("pk")))
    counts = [(evaluation_id, rule.id, owner, domain, n, broken.pop((owner, domain), 0))
              for owner, domain, n in applicable]
    # A failing row the grouped query did not see (the two queries ran a moment apart): counted, not lost.
    counts.extend((evaluation_id, rule.id, owner, domain, n, n) for (owner, domain), n in broken.items())
    return rows, counts


def _subject_rule(evaluation_id, rule, today, codes):
    """A rule over another register (docs/decisions/0016): its rows describe themselves; no domain."""
    rows, broken = [], Counter()
    for row in rule.describe(rule.failing(today)):
        owner = codes.get(row["owner"])
        rows.append((evaluation_id, rule.id, rule.severity, rule.subject, row["id"], None, row["label"][:300],
                     row["label"][:300].lower(), "",
                     row["link"] or "", owner, row["owner"] or "", row["owner_name"] or "", None, "", "", rule.detail))
        broken[owner] += 1
    applicable = rule.applicable(today).order_by().values_list(rule.owner).annotate(n=Count("pk"))
    counts = [(evaluation_id, rule.id, owner, None, n, broken.pop(owner, 0)) for owner, n in applicable]
    counts.extend((evaluation_id, rule.id, owner, None, n, n) for owner, n in broken.items())
    return rows, counts
