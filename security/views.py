"""Pages of information security. The service page's panel is composed of sections, one per part of the
capability (classification, risks, personal data, continuity, requirements); each section's context comes
from its own function below, and its markup from its own template."""

from django.template.loader import render_to_string

from core import access

from .models import Classification


def service_panel(request, service):
    """The security panel of the service page. Everyone signed in sees the classification letters; the
    details only who may see them (core.access.may_see_details)."""
    classification = Classification.objects.filter(service=service).first()
    context = {
        "service": service, "classification": classification,
        "may_see_details": access.may_see_details(request.user, service),
        "may_edit": access.may_edit(request.user, service),
    }
    if context["may_see_details"]:
        for section in SECTIONS:
            context.update(section(request, service))
    return render_to_string("security/_panel.html", context, request=request)


SECTIONS = []
"""section(request, service) -> dict for security/_panel.html: each part of the panel adds its function."""
