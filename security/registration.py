"""What the security app contributes to the registry (called from SecurityConfig.ready()). One place, so
that the app's pieces — rules, guards, panels, visibility — are seen together."""

from django.utils.translation import gettext_lazy as _

from core import registry


def register():
    from . import classification_views, demo, queries, rules, service_list, views
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
    registry.SERVICE_SECTIONS[views.service_panel] = "security"

    # The service list filters and sorts by classification and shows its letters (page, API, export).
    registry.SERVICE_LIST_EXTENSIONS.append(service_list.EXTENSION)
    views.SECTIONS.append(classification_views.classification_section)
    registry.MENU.append((65, _("Information security"), "security:classifications"))

    # Personal data and suppliers, continuity, protection requirements: their sections of the panel.
    from . import views_protection

    views.SECTIONS.extend(views_protection.SECTIONS)

    # Risk analyses and the risk matrix: the panel's section and the region's page.
    from . import risk_views

    views.SECTIONS.append(risk_views.risks_section)
    registry.MENU.append((66, _("Risks"), "security:risks"))

    for rule in rules.RULES:
        registry.register_rule(rule)
    # After the services, their tests and costs (styr.demo builds those before any builder runs).
    registry.DEMO_BUILDERS.append((50, demo.build))
    # Synthetic security data for `styr generate` (benchmarks).
    from . import generate

    registry.GENERATORS.append(generate.generate)
    # The share of services in use that are classified: an indicator of the yearly follow-up (issue 10).
    from . import indicators

    indicators.register()
