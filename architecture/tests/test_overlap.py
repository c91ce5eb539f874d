"""R18-OVERLAPP (002 §9.1.6): two active services for the same leaf process and a consumer in common."""

import datetime

import pytest

from core import registry
from organisations.tests import factories as orgs
from services.models import Consumer

from .. import rules
from .factories import process
from .factories_processes import TODAY, exemption, supporting, tree

pytestmark = pytest.mark.django_db


def failing(service):
    rule = registry.RULES["R18-OVERLAPP"]
    return rule.failing(TODAY).filter(pk=service.pk).exists()


def pair(**second):
    _top, _middle, leaf, _other = tree()
    shared = orgs.organisation("KS")
    first = supporting(leaf, consumers=[shared, orgs.organisation()])
    return leaf, shared, first, supporting(leaf, consumers=second.pop("consumers", [shared]), **second)


def test_two_active_services_for_the_same_leaf_and_a_shared_consumer_overlap_and_each_is_told_of_the_other():
    leaf, _shared, first, second = pair()
    assert failing(first) and failing(second)
    assert rules.overlaps([first.pk], TODAY) == [(first.pk, leaf, second)]


def test_no_consumer_in_common_keeps_the_rule():
    _leaf, _shared, first, second = pair(consumers=[orgs.organisation()])
    assert not failing(first) and not failing(second)


def test_different_leaves_keep_the_rule():
    _top, _middle, leaf, other_leaf = tree()
    shared = orgs.organisation()
    first = supporting(leaf, consumers=[shared])
    second = supporting(other_leaf, consumers=[shared])
    assert not failing(first) and not failing(second)


def test_a_process_with_sub_processes_is_not_compared():
    _top, middle, leaf, _other = tree()
    shared = orgs.organisation()
    first, second = supporting(middle, consumers=[shared]), supporting(middle, consumers=[shared])
    assert not failing(first) and not failing(second)
    leaf.services.add(first, second)  # on the leaf they do overlap
    assert failing(first) and failing(second)


def test_an_infrastructure_service_never_overlaps():
    _leaf, _shared, first, second = pair(kind="infrastructure")
    assert not failing(first) and not failing(second)
    assert not registry.RULES["R18-OVERLAPP"].applicable(TODAY).filter(pk=second.pk).exists()


def test_a_valid_exemption_of_either_keeps_the_rule_and_an_expired_one_does_not():
    _leaf, _shared, first, second = pair()
    old = exemption(second, expires_on=TODAY - datetime.timedelta(days=1))
    assert failing(first) and failing(second)
    old.delete()
    exemption(second)
    assert not failing(first) and not failing(second)


def test_a_requested_exemption_does_not_cover():
    _leaf, _shared, first, second = pair()
    exemption(second, status="requested")
    assert failing(first)


def test_a_decided_phase_out_keeps_the_rule():
    _leaf, _shared, first, second = pair(phase="being_decommissioned")
    assert not failing(first) and not failing(second)


def test_a_service_still_being_built_is_not_active():
    _leaf, _shared, first, second = pair(phase="in_test")
    assert not failing(first) and not failing(second)


def test_three_services_each_name_both_others():
    leaf, shared, first, second = pair()
    third = supporting(leaf, consumers=[shared])
    assert {other for _s, _p, other in rules.overlaps([first.pk], TODAY)} == {second, third}


def test_the_rule_is_one_query_however_many_services():
    leaf = process()
    shared = orgs.organisation()
    for _ in range(5):
        supporting(leaf, consumers=[shared])
    rule = registry.RULES["R18-OVERLAPP"]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert rule.failing(TODAY).count() == 5
    assert len(queries) == 1


def test_consumers_added_later_make_the_overlap():
    _leaf, shared, first, second = pair(consumers=[])
    assert not failing(first)
    Consumer.objects.create(service=second, organisation=shared, volume=1)
    assert failing(first) and failing(second)
