"""Small builders of a service's security data for the rules' and the go-live gate's tests."""

import datetime
import itertools

from security import actions
from security.models import (
    ContinuityPlan,
    DataProcessingAgreement,
    ProtectionRequirement,
    RequirementFulfilment,
    RiskAnalysis,
    TransferAssessment,
)

_n = itertools.count(1)
LONG_AGO = datetime.date(2020, 1, 1)


def classify(service, k=2, r=2, t=2, *, personal_data="none", personal_identity_numbers=False, name=None):
    """One information type at the given levels; the service's classification follows (security.actions)."""
    return actions.add_information_type(
        service=service, name=name or f"Information {next(_n)}", confidentiality=k, integrity=r, availability=t,
        personal_data=personal_data, personal_identity_numbers=personal_identity_numbers, classified_on=LONG_AGO)


def analysis(service, *, review_by, performed_on=LONG_AGO):
    return RiskAnalysis.objects.create(service=service, performed_on=performed_on, review_by=review_by,
                                       participants="Sara Holm, Per Sandberg", scope="Hela tjänsten")


def agreement(service, *, signed_on=LONG_AGO, expires_on=None, outside_eea=False, assessed=False):
    made = DataProcessingAgreement.objects.create(
        service=service, party="Leverantören AB", signed_on=signed_on, expires_on=expires_on,
        outside_eea=outside_eea, countries="USA" if outside_eea else "")
    if assessed:
        TransferAssessment.objects.create(agreement=made, assessed_on=signed_on, mechanism="scc",
                                          conclusion="Standardavtalsklausuler med kompletterande åtgärder.")
    return made


def plan(service, *, rto=4, rpo=1, exercised=None):
    return ContinuityPlan.objects.create(service=service, recovery_time_hours=rto, recovery_point_hours=rpo,
                                         fallback_routine="Pappersrutin enligt kontinuitetsplanen.",
                                         last_exercised_on=exercised)


def fulfil(service, *codes):
    """Record the named requirements as met; without codes, every requirement of the catalogue."""
    requirements = ProtectionRequirement.objects.filter(code__in=codes) if codes else ProtectionRequirement.objects.all()
    return [RequirementFulfilment.objects.create(service=service, requirement=requirement, recorded_on=LONG_AGO,
                                                 evidence="Granskat.") for requirement in requirements]
