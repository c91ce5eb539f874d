from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import access
from core.forms import add_action_errors
from core.views import paged

from . import actions, queries
from .filters import DecisionFilter
from .forms import AttachmentForm, DecisionForm
from .models import Decision

PAGE_SIZE = 50
REFUSED = gettext_lazy("Only administrators and the secretariat of the deciding body record and correct its decisions.")


def _bodies(user):
    """The bodies whose decisions the user may record; None means every body."""
    return None if access.is_administrator(user) else access.organisations_of(user, access.SECRETARIAT)


@login_required
def decision_list(request):
    filterset = DecisionFilter(request.GET, queryset=Decision.objects.select_related("body"))
    return render(request, "decisions/decisions.html", {
        "filter": filterset, **paged(request, filterset.qs, PAGE_SIZE),
        "may_create": access.may_record_decisions(request.user),
    })


@login_required
def decision_create(request):
    if not access.may_record_decisions(request.user):
        raise PermissionDenied(REFUSED)
    form = DecisionForm(request.POST or None, bodies=_bodies(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            decision = actions.record_decision(**{k: form.cleaned_data[k] for k in actions.FIELDS})
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The decision %(number)s was recorded.") % {"number": decision.registry_number})
            return redirect(decision)
    return render(request, "decisions/form.html", {"form": form, "title": _("Record a decision")})


@login_required
def decision_edit(request, pk):
    decision = get_object_or_404(Decision, pk=pk)
    if not access.may_record_decisions(request.user, decision.body_id):
        raise PermissionDenied(REFUSED)
    form = DecisionForm(request.POST or None, instance=Decision.objects.get(pk=pk), bodies=_bodies(request.user))
    if request.method == "POST" and form.is_valid():
        changes = {k: form.cleaned_data[k] for k in actions.FIELDS}
        try:
            actions.correct_decision(decision=decision, expected_version=form.cleaned_data["row_version"], **changes)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The decision %(number)s was corrected.") % {"number": decision.registry_number})
            return redirect(decision)
    return render(request, "decisions/form.html", {"form": form, "decision": decision,
                                                   "title": _("Correct %(number)s") % {"number": decision.registry_number}})


@login_required
def decision_detail(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("body"), pk=pk)
    may_record = access.may_record_decisions(request.user, decision.body_id)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied(REFUSED)
        if form.is_valid():
            actions.attach_file(decision=decision, file=form.cleaned_data["file"], name=form.cleaned_data["name"])
            messages.success(request, _("The file was attached."))
            return redirect(decision)
    return render(request, "decisions/decision.html", {
        "decision": decision, "decided": queries.what_it_decided(decision, request.user),
        "attachments": decision.attachments.all(),
        "form": form, "may_record": may_record,
    })
