"""An import file of any size: the look-ups of a file's external ids go to the database in chunks, never as one
`IN` list of every id (300,000 rows stopped with "too many SQL variables"). The tests lower the chunk size and,
on SQLite, the database's own limit on variables, so a few dozen rows prove what 300,000 would."""

import sqlite3

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from organisations.tests import factories as orgs
from services import imports
from services.imports import import_services
from services.models import Ownership, Service

pytestmark = pytest.mark.django_db

HEADER = "external_id;name;kind;domain;phase;owner;owner_from"


@pytest.fixture(autouse=True)
def region():
    orgs.organisation("HSN")
    orgs.domain("vard")


def rows(count, name="Tjänst"):
    lines = [HEADER, *(f"S-{n:05d};{name} {n};common;vard;in_production;HSN;2020-01-01" for n in range(count))]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_existing_services_are_looked_up_in_chunks(monkeypatch):
    import_services("s.csv", rows(25))
    monkeypatch.setattr(imports, "LOOKUP_CHUNK", 10)
    with CaptureQueriesContext(connection) as queries:
        result = import_services("s.csv", rows(25, name="Ny"))
    assert (result.created, result.updated, result.errors) == (0, 25, [])
    lookups = [q["sql"] for q in queries if "external_id" in q["sql"] and " IN (" in q["sql"]
               and q["sql"].lstrip().upper().startswith("SELECT")]
    # Three chunks (10 + 10 + 5), each reading the services and their owners today: no list of all 25.
    assert len(lookups) >= 6
    assert all(sql.count("'S-") <= 10 and sql.count("%s") <= 10 for sql in lookups)
    assert Service.objects.filter(name__startswith="Ny ").count() == 25


def test_a_mix_of_new_and_existing_rows_in_one_file_with_small_chunks(monkeypatch):
    import_services("s.csv", rows(7))
    monkeypatch.setattr(imports, "LOOKUP_CHUNK", 3)
    result = import_services("s.csv", rows(20))
    assert (result.created, result.unchanged, result.errors) == (13, 7, [])
    assert Ownership.objects.filter(valid_to=None).count() == 20


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's limit on variables per statement")
def test_a_file_with_more_ids_than_the_database_takes_in_one_statement(monkeypatch):
    # The driver keeps prepared statements, and a statement prepared before the limit is not checked again:
    # the setup reads in chunks of another size than the import under test.
    monkeypatch.setattr(imports, "LOOKUP_CHUNK", 7)
    import_services("s.csv", rows(60))
    ids = [f"S-{n:05d}" for n in range(59)]
    raw = connection.connection
    before = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 40)  # as if 60 ids were 300,000
    try:
        # One list of every id is what failed at 300,000 rows; here it fails at 60.
        with pytest.raises(OperationalError, match="too many SQL variables"):
            list(Service.objects.filter(external_id__in=ids))
        monkeypatch.setattr(imports, "LOOKUP_CHUNK", 25)
        result = import_services("s.csv", rows(60))
    finally:
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)
    assert (result.created, result.unchanged, result.errors) == (0, 60, [])


def test_a_bad_row_in_a_chunked_file_still_stores_nothing(monkeypatch):
    monkeypatch.setattr(imports, "LOOKUP_CHUNK", 4)
    data = rows(12).decode().replace("S-00009;Tjänst 9;common", "S-00009;Tjänst 9;no-such-kind").encode()
    result = import_services("s.csv", data)
    assert not result.stored and [(e.row, e.column) for e in result.errors] == [(11, "kind")]
    assert Service.objects.count() == 0
