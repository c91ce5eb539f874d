"""Every API operation answers as its OpenAPI description says: Schemathesis generates requests from Styr's own
schema (/api/schema/), valid and invalid ones, sends them to the application as an administrator over the demo
region, and checks each answer: no server error, a declared status code, a declared content type and headers,
a body that matches the declared schema.

Bounded so that it runs in every `pytest` (a few examples per operation, seeded: the same requests every run);
`make contract` raises STYR_CONTRACT_EXAMPLES for a longer run. docs/decisions/0011-schema-contract.md."""

import contextlib
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connections, transaction
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("STYR_CONTRACT_EXAMPLES", "25"))
# Unset: every run sends the same requests (a failure reproduces). Set: other requests, for exploring.
SEED = os.environ.get("STYR_CONTRACT_SEED")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.fixture(scope="module")
def region(django_db_setup, django_db_blocker):
    """The demo region, built once for the module inside a transaction that is rolled back at its end; every test
    runs in a savepoint within it (pytest-django's `db`), so what one operation writes no other one sees."""
    from accounts.actions import create_token
    from styr.demo import build

    with django_db_blocker.unblock():
        atomics = [transaction.atomic(using=alias) for alias in connections]
        for atomic in atomics:
            atomic.__enter__()
        try:
            build()
            admin = create_token(user=_administrator(), name="contract", days=1)[1]
            yield {"headers": {"Authorization": f"Token {admin}"}, "ids": _real_ids(admin)}
        finally:
            for alias, atomic in reversed(list(zip(connections, atomics, strict=True))):
                transaction.set_rollback(True, using=alias)
                atomic.__exit__(None, None, None)


def _administrator():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


# Operations on an object listed elsewhere: where to read real identifiers for them (the impact analysis of a
# service or a component, architecture/api_impact.py).
LISTED_AT = {"/api/impact/services/": "/api/services/", "/api/impact/components/": "/api/components/"}


def _real_ids(token):
    """The identifiers of existing objects for every path parameter, read through the API itself, so that
    generated requests reach real objects and not only 404."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    ids = {}
    for operation in OPERATIONS:
        names = [p.name for p in operation.path_parameters]
        if not names:
            continue
        prefix = operation.path.split("{")[0]
        prefix = LISTED_AT.get(prefix, prefix)
        if sorted(names) == ["code", "kind"]:  # scorecards
            ids[operation.label] = [{"kind": "organisations", "code": "HSN"}, {"kind": "domains", "code": "bestallning"},
                                    {"kind": "domains", "code": "verksamhetsstod"}]
            continue
        answer = client.get(prefix, {"page_size": 20})
        assert answer.status_code == 200, (prefix, answer.status_code)
        answer = answer.json()
        rows = answer["results"] if isinstance(answer, dict) else answer
        ids[operation.label] = [{names[0]: row[names[0]]} for row in rows[:20] if names[0] in row]
    return ids


def _cases(operation, real_ids):
    generated = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))
    if not real_ids:
        return generated

    def aim(pair):
        case, parameters = pair
        if parameters is not None:
            case.path_parameters = {**case.path_parameters, **parameters}
        return case

    # Half of the requests name a real object, the other half whatever was generated.
    return st.tuples(generated, st.one_of(st.none(), st.sampled_from(real_ids))).map(aim)


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_operation_answers_as_described(region, operation):
    failures = _mismatches(operation, region)
    _report(operation, failures)
    assert not failures, f"{len(failures)} answers differ from the description:\n\n" + "\n\n".join(
        text for _, text in failures[:5])


@pytest.mark.django_db
def test_the_run_sees_an_answer_that_differs_from_its_description(region, monkeypatch):
    # The check itself can fail: a category answered with a number for its code is reported.
    from services.api import CategorySerializer

    monkeypatch.setattr(CategorySerializer, "to_representation", lambda self, category: {"code": 1, "name": "x"})
    operation = next(op for op in OPERATIONS if op.label == "GET /api/categories/")
    found = {code for code, _ in _mismatches(operation, region)}
    assert "ST108" in found  # Response violates schema


def _mismatches(operation, region):
    """(code, text) of every answer to the generated requests that differs from the description."""
    failures = []

    # No shrinking: every failure is collected and reported, not the smallest one only.
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=SEED is None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=_cases(operation, region["ids"].get(operation.label)))
    def run(case):
        response = case.call(app=application, headers=region["headers"])
        try:
            case.validate_response(response, checks=CHECKS, headers=region["headers"])
        except (Failure, FailureGroup) as error:
            found = list(error.exceptions) if isinstance(error, FailureGroup) else [error]
            failures.extend(
                (failure.code, f"{failure.code} {failure.title}: {case.method} {case.formatted_path} "
                               f"{case.query or ''} -> {response.status_code}\n{failure.message[:600]}")
                for failure in found
            )

    if SEED is not None:
        run = seed(int(SEED))(run)
    with _connection_kept():
        run()
    return failures


@contextlib.contextmanager
def _connection_kept():
    """Requests reach the application through WSGI, not Django's test client; like that client, keep the start
    and end of a request from closing the connection, which inside the test's transaction would lose the region
    (on PostgreSQL; SQLite's in-memory database ignores the close)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _report(operation, failures):
    # For the figures in the README: STYR_CONTRACT_REPORT=file appends one line per failure.
    if path := os.environ.get("STYR_CONTRACT_REPORT"):
        with open(path, "a") as report:
            for code, text in failures:
                report.write(f"{operation.label}\t{code}\t{text.splitlines()[0]}\n")
