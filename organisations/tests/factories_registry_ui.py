from organisations.models import Membership
from organisations.tests import factories


def organisation_administrator(organisation, username=None):
    account = factories.user(username)
    Membership.objects.create(user=account, organisation=organisation, role=Membership.Role.ADMINISTRATOR)
    return account
