"""Usage per organisation in the web interface (issue 13): one service-year's usage in one driver edited as a
table (each row with its version, all rows or none), and the upload of usage from .xlsx/.csv through the same
importer as the command line (costs.imports: the API's serializer, every bad row named by row and column,
nothing stored if any row is bad), with a template to download."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import access
from core import exports as export_writer
from core.tables import ImportFileError
from core.versioning import StaleVersion

from . import actions
from .forms import UploadForm, UsageChoiceForm, UsageFormSet
from .imports import KINDS, import_file
from .models import Driver, FundingModel, Usage


def _choice(request):
    """(the choice form, service, year, driver) from the query string; service is None until one is chosen."""
    form = UsageChoiceForm(request.GET or None, initial={"year": datetime.date.today().year})
    if not form.is_bound or not form.is_valid():
        return form, None, None, None
    service, year, driver = form.cleaned_data["service"], form.cleaned_data["year"], form.cleaned_data["driver"]
    if driver is None:
        model = FundingModel.objects.filter(service=service, year=year).select_related("driver").first()
        driver = model.driver if model and model.driver else Driver.objects.order_by("name").first()
    return form, service, year, driver


def _initial(service, year, driver):
    rows = Usage.objects.filter(service=service, year=year, driver=driver).select_related("organisation")
    return [{"usage": u.pk, "row_version": u.row_version, "organisation": u.organisation, "volume": u.volume}
            for u in rows.order_by("organisation__name")]


def _rows(service, year, driver, usageset):
    """[(usage with the version the user saw, organisation, volume)] for costs.actions.save_usage."""
    stored = Usage.objects.filter(service=service, year=year, driver=driver).in_bulk()
    rows = []
    for form in usageset.forms:
        data = form.cleaned_data
        usage = stored.get(data.get("usage")) if data.get("usage") else None
        if data.get("usage") and usage is None:
            raise StaleVersion()  # the row was removed since the page was read
        if usage is not None:
            usage.row_version = data.get("row_version") or usage.row_version
        if data.get("organisation") is None:
            if usage is not None:
                rows.append((usage, usage.organisation, None))
            continue
        rows.append((usage, data["organisation"], data.get("volume")))
    return rows


@login_required
def usage_table(request):
    choice, service, year, driver = _choice(request)
    context = {"choice": choice, "service": service, "year": year, "driver": driver,
               "may_change": access.may_change_costs(request.user)}
    if service is None or driver is None:
        return render(request, "costs/usage.html", context, status=400 if choice.errors else 200)
    if request.method == "POST":
        actions.refuse_unless_finance(request.user)
    usageset = UsageFormSet(request.POST or None, prefix="usage", initial=_initial(service, year, driver))
    if request.method == "POST" and usageset.is_valid():
        try:
            actions.save_usage(user=request.user, service=service, year=year, driver=driver,
                               rows=_rows(service, year, driver, usageset))
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("The usage was saved."))
            return redirect(f"{reverse('costs:usage')}?service={service.pk}&year={year}&driver={driver.code}")
    context["usageset"] = usageset
    refused = request.method == "POST"
    return render(request, "costs/usage.html", context, status=400 if refused else 200)


@login_required
def usage_upload(request):
    actions.refuse_unless_finance(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_file("usage", upload.name, upload.read(), user=request.user)
        except ImportFileError as error:
            form.add_error("file", str(error))
    status = 400 if form.errors or (result and not result.stored) else 200
    return render(request, "costs/usage_upload.html", {"form": form, "result": result}, status=status)


@login_required
def usage_template(request, fmt):
    """The upload's columns, with the usage already stored for the service and year asked for (or none)."""
    _form, service, year, _driver = _choice(request)
    rows = Usage.objects.none()
    if service is not None:
        rows = (Usage.objects.filter(service=service, year=year).select_related("service", "organisation", "driver")
                .order_by("driver__code", "organisation__code"))
    lines = ([u.service.external_id or u.service_id, u.year, u.organisation.code, u.driver.code, u.volume]
             for u in rows.iterator(chunk_size=2000))
    return export_writer.response(fmt, "forbrukning", KINDS["usage"][1], lines, sheet_title="Förbrukning")
