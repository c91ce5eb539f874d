"""Funding models with their keys, and usage drivers, in the web interface (issue 13). The key editor shows the
running sum of its percentages, re-rendered by HTMX as rows change (no inline script: a CSP is in force); the rule
that a fixed key sums to 100 % is costs.actions.save_funding_model's, whatever the page showed."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access, deletion
from core.forms import add_action_errors
from core.views import paged

from . import actions
from .filters import FundingModelFilter
from .forms import DriverForm, FundingModelForm, KeyFormSet
from .models import AllocationKey, Driver, FundingModel
from .views_lines import newest_first

PAGE_SIZE = 50


@login_required
def funding_list(request):
    rows = (FundingModel.objects.select_related("service", "driver", "funder").order_by("service__name", "-year"))
    filterset = FundingModelFilter(request.GET, queryset=rows)
    rows = filterset.qs if filterset.is_valid() else FundingModel.objects.none()
    return render(request, "costs/funding_list.html", {
        "filter": filterset, "may_change": access.may_change_costs(request.user), **paged(request, rows, PAGE_SIZE)},
        status=400 if filterset.errors else 200)


def _key_rows(keyset):
    return [(f.cleaned_data["organisation"], f.cleaned_data["percent"]) for f in keyset.forms
            if f.cleaned_data.get("organisation")]


def _sum_context(keyset):
    """The running sum of the percentages that can be read, whatever else is wrong with the rows."""
    total = Decimal(0)
    for form in keyset.forms:
        field = form.fields["percent"]
        try:
            value = field.clean(form["percent"].value())
        except ValidationError:
            continue
        total += value or 0
    return {"key_sum": actions.percent_text(total), "key_complete": total == 100}


def _funding_form(request, model):
    form = FundingModelForm(request.POST or None, instance=model)
    initial = [{"organisation": k.organisation, "percent": k.percent}
               for k in model.keys.select_related("organisation").order_by("-percent")] if model.pk else []
    keyset = KeyFormSet(request.POST or None, prefix="keys", initial=initial)
    return form, keyset


def _funding_page(request, model):
    actions.refuse_unless_finance(request.user)
    form, keyset = _funding_form(request, model)
    if request.method == "POST" and form.is_valid() and keyset.is_valid():
        try:
            actions.save_funding_model(user=request.user, model=form.instance, keys=_key_rows(keyset))
        except ValidationError as error:
            if hasattr(error, "error_dict") and "keys" in error.error_dict:
                keyset_errors = error.error_dict.pop("keys")
                form.add_error(None, keyset_errors)
            if not hasattr(error, "error_dict") or error.error_dict:
                add_action_errors(form, error)
        else:
            messages.success(request, _("The funding model was saved."))
            return redirect("costs:funding")
    stored = FundingModel.objects.filter(pk=model.pk).first() if model.pk else None
    context = {"form": form, "keyset": keyset, "model": stored, **_sum_context(keyset)}
    if stored:
        context["history"] = newest_first(FundingModel.history.filter(id=stored.pk),
                                          AllocationKey.history.filter(funding_model_id=stored.pk))
    status = 400 if form.errors or any(keyset.errors) or keyset.non_form_errors() else 200
    return render(request, "costs/funding_form.html", context, status=status)


@login_required
def funding_create(request):
    return _funding_page(request, FundingModel())


@login_required
def funding_edit(request, pk):
    return _funding_page(request, get_object_or_404(FundingModel.objects.select_related("service"), pk=pk))


@login_required
@require_POST
def key_sum(request):
    """The key's running sum for the rows as they stand (HTMX, while typing): a fragment, no write."""
    keyset = KeyFormSet(request.POST, prefix="keys")
    return render(request, "costs/_key_sum.html", _sum_context(keyset))


@login_required
def funding_delete(request, pk):
    model = get_object_or_404(FundingModel.objects.select_related("service"), pk=pk)
    actions.refuse_unless_finance(request.user)
    if request.method != "POST":
        return deletion.confirm(request, model, cancel_url=reverse("costs:funding-edit", args=[pk]))
    actions.delete_record(user=request.user, record=model)
    messages.success(request, _("The funding model was deleted."))
    return redirect("costs:funding")


@login_required
def driver_list(request):
    return render(request, "costs/drivers.html", {
        "may_change": access.may_change_costs(request.user), **paged(request, Driver.objects.order_by("name"), PAGE_SIZE)})


def _driver_page(request, driver):
    actions.refuse_unless_finance(request.user)
    form = DriverForm(request.POST or None, instance=driver)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_driver(user=request.user, driver=form.instance)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The usage driver was saved."))
            return redirect("costs:drivers")
    stored = Driver.objects.filter(pk=driver.pk).first() if driver.pk else None
    return render(request, "costs/driver_form.html", {
        "form": form, "driver": stored,
        "history": newest_first(Driver.history.filter(id=stored.pk)) if stored else []},
        status=400 if form.errors else 200)


@login_required
def driver_create(request):
    return _driver_page(request, Driver())


@login_required
def driver_edit(request, code):
    return _driver_page(request, get_object_or_404(Driver, code=code))
