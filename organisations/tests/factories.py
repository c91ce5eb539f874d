import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import access
from organisations.models import Domain, Membership, Organisation

_n = itertools.count(1)


def organisation(code=None, kind=Organisation.Kind.BOARD, **fields):
    code = code or f"ORG{next(_n)}"
    fields.setdefault("name", f"Nämnd {code}")
    return Organisation.objects.create(code=code, kind=kind, **fields)


def domain(code=None, deciding_board=None, **fields):
    code = code or f"dom{next(_n)}"
    fields.setdefault("name", f"Domän {code}")
    return Domain.objects.create(code=code, deciding_board=deciding_board or organisation(), **fields)


def user(username=None, *, editor_of=None, secretariat_of=None, admin=False, finance=False, password="secret-pass-1"):
    username = username or f"user{next(_n)}"
    account = get_user_model().objects.create_user(
        username, password=password, is_staff=admin, is_superuser=admin
    )
    if editor_of is not None:
        Membership.objects.create(user=account, organisation=editor_of)
    if secretariat_of is not None:
        Membership.objects.create(user=account, organisation=secretariat_of, role=Membership.Role.SECRETARIAT)
    if finance:  # the region-wide finance role (core.access.FINANCE): changes costs, nothing else
        account.groups.add(Group.objects.get_or_create(name=access.FINANCE)[0])
    return account
