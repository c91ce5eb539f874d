"""Hand-built graphs for the impact tests."""

from services.tests import factories as service_factories

from . import factories


def chain(*names):
    """Services named `names`, each depending on the one before: the first stops them all."""
    made = [service_factories.service(name=name) for name in names]
    for before, after in zip(made, made[1:], strict=False):
        factories.dependency(service=after, depends_on=before)
    return made
