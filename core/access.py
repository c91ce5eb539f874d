"""The access module: the one place that answers "may this user do this". Views, API, forms and
templates ask here and nowhere else.

- Everyone signed in reads (what visible_to() leaves them).
- An editor of an organisation changes what that organisation owns, nothing else.
- The secretariat of a body records that body's decisions and decides what the body is entitled to.
- An organisation's administrators (role "administrator") give, change and take away the memberships of
  that organisation (0033); the role alone changes nothing else.
- Administrators do everything, including what only corrects the record (first owner, history).
- Auditors (members of the Django group AUDITORS, granted in the admin or by the sign-in's claim mapping)
  read everything, including what visible_to() hides from others, and the audit log; they write nothing
  unless they also hold a role that writes.
- Finance (members of the Django group FINANCE, granted in the admin; the sign-in's claim mapping does not grant
  it yet) change the region's costs: cost lines, funding models and keys, drivers, usage, allocation runs and which
  run is final. Nothing else; administrators do this too.
- Security officers (members of the Django group SECURITY_OFFICERS) see the security details of every
  service, like auditors; what they may change is what their memberships allow.
- A service may be shielded (the information-security app registers which: those classified at or above the
  region's visibility level): its security details — information types, risk analyses, continuity,
  components, integrations — are then seen only by the owner's people (any role in the owning organisation),
  administrators, auditors and security officers; everyone else sees that it exists, its owner and its
  classification letters. Asked through visible_to() for the detail records and may_see_details() for a page.
Who owns or decides an object is not known here: the app that knows registers it (core.registry).
"""


from . import registry

EDITOR, SECRETARIAT, ORGANISATION_ADMINISTRATOR = "editor", "secretariat", "administrator"
AUDITORS = "auditors"
SECURITY_OFFICERS = "security_officers"
FINANCE = "finance"


def is_signed_in(user):
    return bool(user and user.is_authenticated)


def is_administrator(user):
    return is_signed_in(user) and user.is_superuser


def _member_of(user, group, cached):
    """A region-wide role (a Django group), asked many times per request: one query, kept on the user as `cached`
    (accounts.actions forgets it when the sign-in's claims change the group)."""
    if not is_signed_in(user):
        return False
    if not hasattr(user, cached):
        setattr(user, cached, user.groups.filter(name=group).exists())
    return getattr(user, cached)


def is_auditor(user):
    return _member_of(user, AUDITORS, "_styr_auditor")


def is_security_officer(user):
    return _member_of(user, SECURITY_OFFICERS, "_styr_security_officer")


def is_finance(user):
    return _member_of(user, FINANCE, "_styr_finance")


def may_change_costs(user):
    """Cost lines, funding models and keys, drivers, usage, allocation runs and the final mark: the region's
    figures, kept by finance and the governance office (administrators)."""
    return is_administrator(user) or is_finance(user)


def sees_all_details(user):
    """Administrators, auditors and security officers see every service's security details."""
    return is_administrator(user) or is_auditor(user) or is_security_officer(user)


def may_audit(user):
    """Read the audit log, the chain's head and its signed digest: auditors and administrators."""
    return is_administrator(user) or is_auditor(user)


def may_write(user):
    """Whether the user may write anything at all. False for an auditor with no role that writes, so
    that every write path (the API included) refuses before it asks the finer question."""
    if not is_auditor(user) or is_administrator(user) or is_finance(user):
        return True
    return bool(organisations_of(user, EDITOR) or organisations_of(user, SECRETARIAT)
                or organisations_of(user, ORGANISATION_ADMINISTRATOR))


def organisations_of(user, role):
    """Ids of the organisations in which the user holds `role`."""
    if not is_signed_in(user):
        return set()
    ids = set()
    for lookup in registry.MEMBERSHIPS:
        ids |= lookup(user, role)
    return ids


def editable_organisation_ids(user):
    """Organisations whose property the user may change; None means every organisation."""
    return None if is_administrator(user) else organisations_of(user, EDITOR)


def may_edit_for(user, organisation_id):
    ids = editable_organisation_ids(user)
    return ids is None or organisation_id in ids


def may_register(user):
    """Whether the user may register something new at all (an editor of some organisation)."""
    ids = editable_organisation_ids(user)
    return ids is None or bool(ids)


def may_edit(user, obj):
    """Change `obj`: its owner's editors and administrators. Without an owner, any editor."""
    if is_administrator(user):
        return True
    owner_id = registry.owner_of(obj)
    return may_edit_for(user, owner_id) if owner_id else may_register(user)


def may_decide(user, obj):
    """Decide `obj` (a transfer, an exemption …): the secretariat of the entitled body, administrators."""
    if is_administrator(user):
        return True
    return registry.decider_of(obj) in organisations_of(user, SECRETARIAT)


def may_record_decisions(user, body_id=None):
    """Record a decision of `body_id` (of any body the user is secretariat of, when None)."""
    if is_administrator(user):
        return True
    bodies = organisations_of(user, SECRETARIAT)
    return bool(bodies) if body_id is None else body_id in bodies


def may_administer(user):
    """Acts that correct the record or reach across owners: first ownership, corrections, deletion,
    imports, allocation runs."""
    return is_administrator(user)


def may_manage_memberships(user, organisation):
    """Give, change and take away memberships of `organisation`: administrators, and the organisation's own
    administrators (docs/decisions/0033) — for their organisation only."""
    if is_administrator(user):
        return True
    return organisation is not None and organisation.pk in organisations_of(user, ORGANISATION_ADMINISTRATOR)


def may_manage_any_memberships(user):
    """Whether the user manages the memberships of some organisation (so may search the accounts)."""
    return is_administrator(user) or bool(organisations_of(user, ORGANISATION_ADMINISTRATOR))


def may_manage_account(user, account):
    """Act for `account` (its API keys): the account itself and administrators."""
    return is_administrator(user) or (is_signed_in(user) and user.pk == account.pk)


def visible_to(user, queryset):
    """The part of `queryset` whose details the user may see. A model that belongs to a service's security
    details is registered in registry.SERVICE_DETAILS with the path to its service and loses the rows of
    services shielded from the user; apps may also register a narrowing of their own (registry.VISIBILITY)."""
    if not is_signed_in(user):
        return queryset.none()
    if is_auditor(user):
        return queryset
    path = registry.SERVICE_DETAILS.get(queryset.model)
    if path is not None and not sees_all_details(user):
        hidden = shielded_services(user)
        if hidden is not None:
            queryset = queryset.exclude(**{f"{path}__in": hidden})
    narrow = registry.VISIBILITY.get(queryset.model)
    return narrow(user, queryset) if narrow else queryset


def shielded_services(user):
    """A query of the ids of services whose security details are hidden from `user`, or None when nothing
    is hidden from them. Meant as a subquery (`exclude(service__in=…)`), never to be listed in Python.
    Each shield (registry.DETAIL_SHIELDS) answers a query of one column, service ids."""
    # No early answer for a user not signed in: "None" means "nothing hidden", so such a user is shielded
    # from everything the shields name (callers refuse them anyway; this keeps a slip harmless).
    if sees_all_details(user):
        return None
    queries = [shield(user) for shield in registry.DETAIL_SHIELDS]
    queries = [q for q in queries if q is not None]
    if not queries:
        return None
    if len(queries) == 1:
        return queries[0]
    # One column of service ids each, perhaps of different tables: their union (core knows no app's model).
    queries = [query.order_by() for query in queries]  # SQLite allows no ORDER BY inside a UNION
    return queries[0].union(*queries[1:])


def with_details_visible(user, services):
    """The services of `services` whose security details the user may see (e.g. a component's services)."""
    if not is_signed_in(user):
        return services.none()
    hidden = shielded_services(user)
    return services if hidden is None else services.exclude(pk__in=hidden)


def may_see_details(user, service):
    """Whether the user may see this service's security details (information, risks, continuity, components,
    integrations); everyone signed in sees that it exists, its owner and its classification."""
    if not is_signed_in(user):
        return False
    hidden = shielded_services(user)
    return hidden is None or not type(service)._default_manager.filter(pk=service.pk, pk__in=hidden).exists()


def may_see(user, obj):
    """Whether the user may see `obj` — and so a file it holds: the record the file belongs to decides,
    through the same narrowing as lists (visible_to), and through the record it belongs to in turn (a
    decision's attachment is as visible as the decision)."""
    if not is_signed_in(user):
        return False
    while obj is not None:
        if not visible_to(user, type(obj)._default_manager.filter(pk=obj.pk)).exists():
            return False
        obj = registry.parent_of(obj)
    return True
