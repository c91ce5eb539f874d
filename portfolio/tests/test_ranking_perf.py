"""What the ranking's speed-ups must keep: the set-based status moves of a decided ranking write the history and
raise the row versions a save would, and a board's or focus area's view keeps exactly the rows the FilterSet's query
kept, at their region-wide positions."""

import datetime

import pytest

from organisations.tests import factories as orgs

from .. import actions_ranking, queries_ranking
from ..models import Initiative
from .factories import focus_area
from .factories_ranking import assessed, council_year

pytestmark = pytest.mark.django_db


def test_a_decided_ranking_moves_statuses_with_history_and_new_versions():
    year, secretary = council_year(capacity=1000)
    above = assessed(year, 90, 600, code="INI-UP")
    below = assessed(year, 80, 600, code="INI-DOWN", status=Initiative.Status.PRIORITISED)
    kept = assessed(year, 70, 100, code="INI-KEPT", status=Initiative.Status.DECIDED)
    versions = {i.pk: Initiative.objects.get(pk=i.pk).row_version for i in (above, below, kept)}
    histories = {i.pk: i.history.count() for i in (above, below, kept)}
    actions_ranking.decide_ranking(portfolio_year=year, decided_on=datetime.date(2026, 4, 15), user=secretary)
    for initiative, status, moved in ((above, "prioritised", True), (below, "assessed", True),
                                      (kept, "decided", False)):
        initiative.refresh_from_db()
        assert initiative.status == status
        assert initiative.row_version == versions[initiative.pk] + moved
        assert initiative.history.count() == histories[initiative.pk] + moved
        if moved:
            record = initiative.history.first()
            assert (record.status, record.history_type, record.history_user) == (status, "~", secretary)
            assert record.status_changed_on == datetime.date(2026, 4, 15)


def test_a_board_and_a_focus_area_view_keep_the_filtered_rows_at_their_positions():
    year, _secretary = council_year(capacity=1000)
    hsn, slso = orgs.organisation("HSNP"), orgs.organisation("SLSOP")
    area = focus_area("perf-area")
    a = assessed(year, 90, 100, code="INI-PA", proposer=hsn)
    assessed(year, 80, 100, code="INI-PB", proposer=slso)
    c = assessed(year, 70, 100, code="INI-PC", proposer=hsn)
    c.focus_areas.add(area)

    def shown(**data):
        _filterset, _ranking, rows = queries_ranking.filtered(year, data)
        return [(row.code, row.position) for row in rows]

    assert shown(proposer="HSNP") == [("INI-PA", 1), ("INI-PC", 3)]
    assert shown(focus_area="perf-area") == [("INI-PC", 3)]
    assert shown(proposer="SLSOP", focus_area="perf-area") == []
    assert shown(proposer="HSNP", q="ini-pa") == [("INI-PA", 1)]
    assert shown(proposer="NOSUCH") == [("INI-PA", 1), ("INI-PB", 2), ("INI-PC", 3)]  # invalid: every row
    assert a.code == "INI-PA"
