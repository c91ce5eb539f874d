"""Synthetic security data for services `styr generate` made (registry.GENERATORS), in bulk and in realistic
proportions, so that the benchmarks run the security rules over data shaped like a region's:

  * nine services in ten past planned are classified, with one to three information types on the active scale
    (levels leaning to 2), half of them holding personal data, some of it sensitive;
  * seven classified services in ten have a risk analysis, about a quarter of them past their review date;
  * personal data at a supplier: most have an agreement (a tenth of them expired), a fifth of the agreements
    reach outside the EU/EEA and most of those are assessed;
  * services needing continuity: three in four have a plan, mostly made to their level's requirement, some
    missing it by an hour, exercised up to 450 days ago or never;
  * every requirement a classified service's levels reach is met with a probability of 0.85.

Written with their history (as the rest of `generate`), and sealed into the audit chain when the transaction
commits."""

import datetime
import random

from simple_history.utils import bulk_create_with_history

from core import audit
from core.bulk import analyze
from services.models import Service

from .models import (
    Classification,
    ContinuityPlan,
    ContinuityRequirement,
    DataProcessingAgreement,
    InformationType,
    Policy,
    ProtectionRequirement,
    RequirementFulfilment,
    RiskAnalysis,
    Scale,
    TransferAssessment,
    level_numbers,
)

BATCH = 5000
MODELS = (InformationType, Classification, RiskAnalysis, DataProcessingAgreement, TransferAssessment,
          ContinuityPlan, RequirementFulfilment)
ENDED = (Service.Phase.PLANNED, Service.Phase.DECOMMISSIONED, Service.Phase.ARCHIVED)
EXTERNAL = (Service.DeliveryModel.EXTERNAL_SUPPLIER, Service.DeliveryModel.CLOUD_SERVICE)
INFORMATION = ("Journaluppgifter", "Personuppgifter", "Ärenden", "Ekonomiska uppgifter", "Loggar", "Scheman",
               "Beställningar", "Kodverk")


def generate(service_ids, seed=1):
    numbers = sorted(level_numbers(Scale.Purpose.CLASSIFICATION))
    if not service_ids or not numbers:
        return
    rng = random.Random(seed)
    today = datetime.date.today()
    weights = [3 if n == numbers[min(1, len(numbers) - 1)] else 2 if n == numbers[-2] else 1 for n in numbers]
    continuity_level = Policy.current().continuity_level()
    requirements = list(ProtectionRequirement.objects.all())
    continuity = {r.availability: r for r in ContinuityRequirement.objects.all()}
    services = Service.objects.filter(pk__in=service_ids).exclude(phase__in=ENDED).values_list(
        "pk", "criticality", "delivery_model")
    rows = {model: [] for model in (InformationType, Classification, RiskAnalysis, ContinuityPlan,
                                    RequirementFulfilment)}
    with_personal_data = []
    for pk, criticality, delivery in services.iterator(chunk_size=BATCH):
        if rng.random() < 0.1:
            continue  # not classified yet
        levels, personal = [], False
        for n in range(rng.randint(1, 3)):
            k, r, t = (rng.choices(numbers, weights)[0] for _ in range(3))
            kind = rng.choices(("none", "ordinary", "sensitive"), (50, 35, 15))[0]
            numbers_held = kind != "none" and rng.random() < 0.5
            personal = personal or kind != "none" or numbers_held
            levels.append((k, r, t))
            rows[InformationType].append(InformationType(
                service_id=pk, name=f"{INFORMATION[(pk + n) % len(INFORMATION)]} {n + 1}", personal_data=kind,
                personal_identity_numbers=numbers_held, confidentiality=k, integrity=r, availability=t,
                classified_on=today - datetime.timedelta(days=rng.randrange(30, 1500))))
        k, r, t = (max(level[i] for level in levels) for i in range(3))
        rows[Classification].append(Classification(service_id=pk, confidentiality=k, integrity=r, availability=t,
                                                   classified_on=today))
        if personal and delivery in EXTERNAL:
            with_personal_data.append(pk)
        if rng.random() < 0.7:
            performed = today - datetime.timedelta(days=rng.randrange(30, 900))
            rows[RiskAnalysis].append(RiskAnalysis(
                service_id=pk, performed_on=performed, participants="Syntetiska deltagare", scope="Hela tjänsten",
                review_by=performed + datetime.timedelta(days=rng.randrange(200, 1100))))
        needs_plan = criticality == Service.Criticality.CRITICAL or (
            continuity_level is not None and t >= continuity_level)
        if needs_plan and rng.random() < 0.75:
            required = continuity.get(t) or (min(continuity.values(), key=lambda c: c.availability)
                                             if continuity else None)
            rto, rpo = ((required.max_recovery_time_hours, required.max_recovery_point_hours) if required
                        else (24, 24))
            # Most plans are made to their level's requirement; some miss it by an hour.
            rows[ContinuityPlan].append(ContinuityPlan(
                service_id=pk, recovery_time_hours=max(1, rto + rng.choice((-1, 0, 0, 0, 1))),
                recovery_point_hours=max(1, rpo + rng.choice((0, 0, 0, 0, 1))), fallback_routine="Syntetisk reservrutin",
                last_exercised_on=None if rng.random() < 0.1 else today - datetime.timedelta(
                    days=rng.randrange(0, 450))))
        reached = {"K": k, "R": r, "T": t}
        rows[RequirementFulfilment] += [
            RequirementFulfilment(service_id=pk, requirement=requirement, recorded_on=today, evidence="Syntetiskt")
            for requirement in requirements
            if reached[requirement.dimension] >= requirement.from_level and rng.random() < 0.85]
    for model, objs in rows.items():
        bulk_create_with_history(objs, model, batch_size=BATCH)
    _agreements(with_personal_data, rng, today)
    analyze(*MODELS)
    for model in MODELS:
        audit.seal_after_commit(model.history.model._meta.db_table)


def _agreements(service_ids, rng, today):
    agreements = []
    for pk in service_ids:
        if rng.random() < 0.15:
            continue  # none on record
        signed = today - datetime.timedelta(days=rng.randrange(100, 2000))
        expired = rng.random() < 0.1
        agreements.append(DataProcessingAgreement(
            service_id=pk, party=f"Leverantör {pk % 200}", signed_on=signed,
            expires_on=today - datetime.timedelta(days=rng.randrange(1, 90)) if expired
            else today + datetime.timedelta(days=rng.randrange(30, 1500)),
            outside_eea=rng.random() < 0.2))
    created = bulk_create_with_history(agreements, DataProcessingAgreement, batch_size=BATCH)
    # bulk_create returns primary keys on SQLite and PostgreSQL alike.
    assessments = [TransferAssessment(agreement_id=agreement.pk, assessed_on=agreement.signed_on,
                                      mechanism=TransferAssessment.Mechanism.SCC, conclusion="Syntetisk bedömning")
                   for agreement in created if agreement.outside_eea and rng.random() < 0.7]
    bulk_create_with_history(assessments, TransferAssessment, batch_size=BATCH)
