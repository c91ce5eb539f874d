"""What the security app contributes to the registry (called from SecurityConfig.ready()). One place, so
that the app's pieces — rules, guards, panels, visibility — are seen together."""

from core import registry


def register():
    from . import demo, queries, rules, views
    from .models import (
        ContinuityPlan,
        DataProcessingAgreement,
        InformationType,
        RequirementFulfilment,
        Risk,
        RiskAnalysis,
        TransferAssessment,
    )

    # A risk belongs to its analysis, which belongs to a service: owner and visibility follow the analysis.
    registry.PARENTS[Risk] = lambda risk: risk.analysis
    registry.PARENTS[TransferAssessment] = lambda assessment: assessment.agreement

    registry.DETAIL_SHIELDS.append(queries.shield)
    registry.REQUIRED_TESTS.append(queries.required_tests)
    # The service's security details. Classification is not among them: its letters are for everyone.
    registry.SERVICE_DETAILS.update({
        InformationType: "service", RiskAnalysis: "service", Risk: "analysis__service",
        DataProcessingAgreement: "service", TransferAssessment: "agreement__service",
        ContinuityPlan: "service", RequirementFulfilment: "service",
    })

    registry.SERVICE_PANELS.append(views.service_panel)

    for rule in rules.RULES:
        registry.register_rule(rule)
    # After the services, their tests and costs (styr.demo builds those before any builder runs).
    registry.DEMO_BUILDERS.append((50, demo.build))
    # Synthetic security data for `styr generate` (benchmarks).
    from . import generate

    registry.GENERATORS.append(generate.generate)
