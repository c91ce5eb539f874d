"""R10 (no free goods) probes each service's cost lines by the service: on SQLite, without statistics for the
cost lines (entered after the last ANALYZE, as an import or a benchmark leaves them), it read every line of the year
for each service with the (year, figure) index, and at 100,000 services the evaluation did not end. Asserted on
the plan's shape, never on time."""

import datetime

import pytest
from django.db import connection

from core import registry
from core.bulk import analyze, insert_rows
from costs.models import CostLine
from organisations.tests import factories as orgs
from services.models import Service

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner without statistics")]


def plan(queryset):
    sql, params = queryset.values_list("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(row[-1] for row in cursor.fetchall())


def test_r10_probes_a_services_lines_by_the_service_without_statistics():
    domain = orgs.domain("vard").pk
    insert_rows(Service, ["name", "short_name", "version", "description", "kind", "domain_id", "phase",
                          "criticality", "delivery_model", "supplier", "external_id", "row_version"],
                [(f"Tjänst {n}", "", "", "", "common", domain, "in_production", "medium", "", "", f"R10-{n}", 1)
                 for n in range(200)])
    analyze(Service, CostLine)  # the cost lines come after the statistics, as they do in a region
    today = datetime.date.today()
    insert_rows(CostLine, ["service_id", "year", "cost_type", "figure", "amount_ore", "note", "row_version"],
                [(pk, today.year, "operations", "outcome", 100, "", 1)
                 for pk in Service.objects.values_list("pk", flat=True)])
    rule = registry.RULES["R10-FINANSIERING"]
    shown = plan(rule.failing(today))
    assert "(year=? AND figure=? AND service_id=?)" in shown, shown
    assert "(year=? AND figure=?)" not in shown, shown  # the whole year's lines for each service
    assert rule.failing(today).count() == 200  # and it still finds them: lines, no funding model
