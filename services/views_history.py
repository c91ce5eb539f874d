"""A service's history as a page of its own: paged, and a fixed number of queries whatever its length."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from core import access
from core.views import paged

from .api import service_history
from .models import Service

PAGE_SIZE = 50


@login_required
def service_history_page(request, pk):
    """Every change to the service and what belongs to it, newest first. A deleted service's history still
    answers (from the records alone); a service hidden from the reader does not."""
    service = access.visible_to(request.user, Service.objects.all()).filter(pk=pk).first()
    if service is None:
        if Service.objects.filter(pk=pk).exists() or not Service.history.filter(id=pk).exists():
            raise Http404(_("There is no service %(id)s.") % {"id": pk})
        last = Service.history.filter(id=pk).order_by("-history_date", "-history_id").first()
        name = last.name
    else:
        name = service.name
    context = paged(request, service_history(pk), PAGE_SIZE)
    return render(request, "services/history.html", {
        **context, "service": service, "name": name, "history": context["page"].object_list,
        "history_subject": str(Service._meta.verbose_name),
    })
