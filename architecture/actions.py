"""Write use-cases for integrations and dependencies (issue 11, part 1). Each is atomic: it stores all of its
change or none of it, and each refuses a user whom core.access does not let change the record — for an
integration the owner of the consuming service (it is the consumer that depends on the flow), for a
dependency the owner of the service that depends.

Rules kept here as well as in the models and the database: an integration's service contracts are named as the
national convention does, each once, and only an integration over the service platform has any; the information
types an integration carries are the producer's own (classified where the information lives)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import access, versioning

from .models import Dependency, Integration, ServiceContract, validate_service_contract

INTEGRATION_FIELDS = ("producer", "consumer", "kind", "platform", "carries", "standard", "criticality", "phase",
                      "needed", "description")
DEPENDENCY_FIELDS = ("description",)


def _unknown(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def refuse_unless_editor(user, obj):
    if not access.may_write(user) or not access.may_edit(user, obj):
        raise PermissionDenied(_("Only editors of the consuming service's owner and administrators may change its "
                                 "integrations.") if isinstance(obj, Integration) else
                               _("Only editors of the service's owner and administrators may change what it "
                                 "depends on."))


def clean_contracts(urns):
    """The URNs as stored: stripped, each valid and named once; errors name the contract."""
    cleaned, seen, errors = [], set(), []
    for urn in urns or ():
        urn = str(urn).strip()
        if not urn:
            continue
        try:
            validate_service_contract(urn)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if urn in seen:
            errors.append(_("The service contract %(urn)s is named twice.") % {"urn": urn})
            continue
        seen.add(urn)
        cleaned.append(urn)
    if errors:
        raise ValidationError({"contracts": errors}, code="invalid_service_contract")
    return cleaned


def _check_information_types(integration, information_types):
    foreign = [str(info) for info in information_types if info.service_id != integration.producer_id]
    if foreign:
        raise ValidationError({"information_types": _(
            "An integration carries the producer's information; %(names)s belongs to another service.")
            % {"names": ", ".join(foreign)}}, code="information_not_the_producers")


def _check_contracts_allowed(integration, urns):
    if urns and integration.kind != Integration.Kind.SERVICE_CONTRACT:
        raise ValidationError({"contracts": _(
            "Only an integration over the service platform has service contracts; choose the kind “%(kind)s” "
            "or remove the contracts.") % {"kind": Integration.Kind.SERVICE_CONTRACT.label}},
            code="contracts_need_service_platform")


def _save(integration, *, user, contracts, information_types):
    """Check and store an integration with its contracts and information (None: unchanged)."""
    integration.full_clean()
    integration.save()
    if information_types is not None:
        information_types = list(information_types)
        _check_information_types(integration, information_types)
        integration.information_types.set(information_types)
    else:
        _check_information_types(integration, integration.information_types.all())
    if contracts is not None:
        urns = clean_contracts(contracts)
        _check_contracts_allowed(integration, urns)
        _store_contracts(integration, urns)
    else:
        _check_contracts_allowed(integration, list(integration.contracts.values_list("urn", flat=True)))
    return integration


def _store_contracts(integration, urns):
    """Keep the contracts named, remove the others, add the new ones (each saved, so its history is written)."""
    existing = {contract.urn: contract for contract in integration.contracts.all()}
    for urn, contract in existing.items():
        if urn not in urns:
            contract.delete()
    for urn in urns:
        if urn not in existing:
            contract = ServiceContract(integration=integration, urn=urn)
            contract.full_clean(exclude=["integration"])
            contract.save()


@transaction.atomic
def create_integration(*, user, contracts=(), information_types=(), **fields):
    """Record that information flows from `producer` to `consumer`; `contracts` are URNs of service contracts."""
    _unknown(fields, INTEGRATION_FIELDS)
    integration = Integration(**fields)
    if integration.consumer_id is None:
        raise ValidationError({"consumer": _("Name the consuming service.")}, code="required")
    refuse_unless_editor(user, integration)
    return _save(integration, user=user, contracts=contracts, information_types=information_types)


@transaction.atomic
def update_integration(*, user, integration, expected_version=None, contracts=None, information_types=None,
                       **changes):
    """Change an integration read at `expected_version`; refused (StaleVersion) when someone changed it since.
    Moving it to another consumer needs the right to edit for both consumers."""
    _unknown(changes, INTEGRATION_FIELDS)
    refuse_unless_editor(user, integration)
    if expected_version is not None:
        versioning.check(integration, expected_version)
        integration.row_version = int(expected_version)
    for name, value in changes.items():
        setattr(integration, name, value)
    refuse_unless_editor(user, integration)  # the consumer it now has
    return _save(integration, user=user, contracts=contracts, information_types=information_types)


@transaction.atomic
def set_contracts(*, user, integration, contracts, expected_version=None):
    """Replace the integration's service contracts by `contracts` (URNs). The integration's version is raised, so
    two people editing its contracts at once cannot both win."""
    refuse_unless_editor(user, integration)
    urns = clean_contracts(contracts)
    _check_contracts_allowed(integration, urns)
    versioning.claim(integration, integration.row_version if expected_version is None else int(expected_version))
    _store_contracts(integration, urns)
    return integration


@transaction.atomic
def delete_integration(*, user, integration, expected_version=None):
    refuse_unless_editor(user, integration)
    versioning.claim(integration, integration.row_version if expected_version is None else int(expected_version))
    integration.delete()


@transaction.atomic
def add_dependency(*, user, service, depends_on, description=""):
    """Record that `service` cannot run without `depends_on`."""
    dependency = Dependency(service=service, depends_on=depends_on, description=description)
    refuse_unless_editor(user, dependency)
    dependency.full_clean()
    dependency.save()
    return dependency


@transaction.atomic
def update_dependency(*, user, dependency, expected_version=None, **changes):
    _unknown(changes, DEPENDENCY_FIELDS)
    refuse_unless_editor(user, dependency)
    if expected_version is not None:
        versioning.check(dependency, expected_version)
        dependency.row_version = int(expected_version)
    for name, value in changes.items():
        setattr(dependency, name, value)
    dependency.full_clean()
    dependency.save()
    return dependency


@transaction.atomic
def remove_dependency(*, user, dependency, expected_version=None):
    refuse_unless_editor(user, dependency)
    versioning.claim(dependency, dependency.row_version if expected_version is None else int(expected_version))
    dependency.delete()
