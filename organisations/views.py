from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from core import history, registry
from core.views import paged

from .models import Organisation

PAGE_SIZE = 100


@login_required
def organisation_list(request):
    context = paged(request, Organisation.objects.select_related("parent").order_by("name"), PAGE_SIZE)
    ids = [o.pk for o in context["page"].object_list]
    # Counts that other apps know (the register: services owned today), one query each for the page.
    columns = [(label, counts(ids)) for label, counts in registry.ORGANISATION_COUNTS]
    rows = [(o, [values.get(o.pk, 0) for _, values in columns]) for o in context["page"].object_list]
    return render(request, "organisations/list.html", {**context, "rows": rows,
                                                       "columns": [label for label, _ in columns]})


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
