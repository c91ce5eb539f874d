from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from core import history, registry

from .models import Organisation


@login_required
def organisation_list(request):
    organisations = Organisation.objects.select_related("parent").annotate(
        owned=Count("ownerships", filter=Q(ownerships__valid_to__isnull=True))
    )
    return render(request, "organisations/list.html", {"organisations": organisations})


@login_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), pk=pk)
    ownerships = organisation.ownerships.select_related("service").order_by("valid_to", "service__name")
    return render(request, "organisations/detail.html", {
        "organisation": organisation,
        "current": [o for o in ownerships if o.valid_to is None],
        "past": [o for o in ownerships if o.valid_to is not None],
        "consumptions": organisation.consumptions.select_related("service").order_by("service__name"),
        "domains": organisation.decided_domains.all(),
        "children": organisation.children.all(),
        "history": history.merged(Organisation.history.filter(id=organisation.pk)),
        "panels": registry.organisation_panels(request, organisation),
    })
