"""The rule evaluation reads its failing services through server-side cursors (QuerySet.iterator); on PostgreSQL
those are planned for the whole answer, not its first tenth (styr.settings, docs/decisions/0037)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
def test_cursors_are_planned_to_be_read_whole():
    # With the default 0.1 the evaluation's overlap rule (R18) at 100,000 services turned into a nested loop that
    # re-read a 54,000-row subquery for each service and did not finish in 15 minutes; planned whole it takes 2 s.
    with connection.cursor() as cursor:
        cursor.execute("SHOW cursor_tuple_fraction")
        assert float(cursor.fetchone()[0]) == 1.0
