"""Marking an allocation run as the one finance takes for its year (issue 13, docs/decisions/0032)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions
from .models import AllocationRun


@login_required
@require_POST
def run_mark_final(request, pk):
    run = get_object_or_404(AllocationRun, pk=pk)
    actions.mark_final(run=run, user=request.user)
    messages.success(request, _("The run is marked final: finance takes it for %(year)s.") % {"year": run.year})
    return redirect("costs:run", pk)
