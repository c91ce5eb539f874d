import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from core import history, registry

from .models import Organisation


@login_required
def organisation_list(request):
    today = datetime.date.today()
    # Counted through the reverse relation the register adds to Organisation, by date as everywhere
    # (docs/decisions/0005); the lists of services themselves are the register's panel on the detail page.
    organisations = Organisation.objects.select_related("parent").annotate(owned=Count("ownerships", filter=(
        Q(ownerships__valid_from__lte=today) & (Q(ownerships__valid_to__isnull=True) | Q(ownerships__valid_to__gt=today))
    )))
    return render(request, "organisations/list.html", {"organisations": organisations})


@login_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), pk=pk)
    return render(request, "organisations/detail.html", {
        "organisation": organisation,
        "domains": organisation.decided_domains.all(),
        "children": organisation.children.all(),
        "history": history.merged(Organisation.history.filter(id=organisation.pk)),
        "panels": registry.organisation_panels(request, organisation),
    })
