"""Pages of maturity models, units and rounds (issue 12 points 5 and 6, up to the aggregation). Every change goes
through maturity.actions (which refuse unless core.access lets the user), every read through maturity.queries.
The analysis pages (a unit's result, heat map, comparisons, action plans) are another part's and linked by name."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access, deletion, exports
from core.forms import add_action_errors
from core.tables import ImportFileError
from core.views import paged

from . import actions, imports, queries
from .filters import RoundFilter, UnitFilter
from .forms import FileForm, ModelImportForm, ResponseForm, RoundForm, RoundUnitForm, UnitForm, unit_text
from .models import MaturityModel, MeasurementPoint, Round, RoundUnit, Unit

PAGE_SIZE = 50


def _administrators_only(user):
    if not access.may_administer(user):
        raise PermissionDenied(_("Maturity models and rounds are the region's: only administrators change them."))


def _posted_version(request):
    value = request.POST.get("row_version", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


# Models ---------------------------------------------------------------------------------------------------------

@login_required
def model_list(request):
    return render(request, "maturity/models.html", {
        **paged(request, queries.models_with_counts(), PAGE_SIZE), "may_administer": access.may_administer(request.user)})


@login_required
def model_detail(request, pk):
    model = get_object_or_404(MaturityModel, pk=pk)
    return render(request, "maturity/model.html", {
        "model": model, "tree": queries.model_tree(model), "may_administer": access.may_administer(request.user),
        "versions": MaturityModel.objects.filter(code=model.code).order_by("-version")})


@login_required
def model_import(request):
    _administrators_only(request.user)
    form = ModelImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload, data = form.cleaned_data["file"], form.cleaned_data
        try:
            result, model = imports.import_model(upload.name, upload.read(), user=request.user, code=data["code"],
                                                 model_name=data["name"], description=data["description"],
                                                 source=data["source"])
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if model is not None:
                messages.success(request, _("%(model)s was created with %(n)s measurement points.") % {
                    "model": model, "n": result.created})
                return redirect("maturity:model", model.pk)
    return render(request, "maturity/model_import.html", {"form": form, "result": result,
                                                           "columns": imports.MODEL_COLUMNS},
                  status=400 if form.errors or (result and result.errors) else 200)


@login_required
def model_export(request, pk, fmt):
    """A model version in the import's columns: exported, edited, imported as the next version."""
    model = get_object_or_404(MaturityModel, pk=pk)
    rows = [[row[c] for c in imports.MODEL_COLUMNS] for row in actions.model_rows(model)]
    name = f"{model.code}-v{model.version}.{fmt}"
    if fmt == "csv":
        text = io.StringIO()
        exports.write_csv(text, imports.MODEL_COLUMNS, rows)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        data = io.BytesIO()
        exports.write_xlsx(data, model.code, imports.MODEL_COLUMNS, rows)
        response = HttpResponse(data.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def model_copy(request, pk):
    _administrators_only(request.user)
    model = get_object_or_404(MaturityModel, pk=pk)
    made = actions.copy_model(user=request.user, model=model)
    messages.success(request, _("%(model)s was made from version %(v)s; change it in the administration or "
                                "export it, edit the file and import it.") % {"model": made, "v": model.version})
    return redirect("maturity:model", made.pk)


# Units ----------------------------------------------------------------------------------------------------------

@login_required
def unit_list(request):
    filterset = UnitFilter(request.GET, queryset=queries.units_visible())
    rows = filterset.qs if filterset.is_valid() else Unit.objects.none()
    return render(request, "maturity/units.html", {"filter": filterset, **paged(request, rows, PAGE_SIZE),
                                                    "may_register": access.may_register(request.user)},
                  status=400 if filterset.errors else 200)


def _unit_edit(request, unit):
    if not access.may_write(request.user) or (unit.pk and not access.may_edit(request.user, unit)) \
            or not access.may_register(request.user):
        raise PermissionDenied(_("Only editors of the unit's organisation and administrators may change it."))
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_unit(user=request.user, unit=form.instance,
                              expected_version=form.cleaned_data.get("row_version"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The unit %(unit)s was saved.") % {"unit": form.instance})
            return redirect("maturity:units")
    return render(request, "maturity/unit_form.html", {"form": form, "unit": unit},
                  status=400 if form.errors else 200)


@login_required
def unit_create(request):
    return _unit_edit(request, Unit())


@login_required
def unit_edit(request, pk):
    return _unit_edit(request, get_object_or_404(Unit, pk=pk))


@login_required
def unit_options(request):
    text = ""
    for name in ("q", "unit"):
        text = text or (request.GET.get(name) or "")
    text = text.replace("\x00", "").split(" (", 1)[0].strip()[:100]
    found = queries.unit_search(text)[:20] if text else []
    return render(request, "maturity/_unit_options.html", {"options": [(unit_text(u), u) for u in found]})


# Rounds ---------------------------------------------------------------------------------------------------------

@login_required
def round_list(request):
    filterset = RoundFilter(request.GET, queryset=queries.rounds_with_counts())
    rows = filterset.qs if filterset.is_valid() else Round.objects.none()
    return render(request, "maturity/rounds.html", {
        "filter": filterset, **paged(request, rows, PAGE_SIZE), "may_administer": access.may_administer(request.user)},
        status=400 if filterset.errors else 200)


def _round_form(request, rnd):
    _administrators_only(request.user)
    form = RoundForm(request.POST or None, instance=rnd)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if rnd.pk:
                saved = actions.update_round(user=request.user, round=rnd, expected_version=data["row_version"],
                                             name=data["name"], period_start=data["period_start"],
                                             period_end=data["period_end"], plan_within_days=data["plan_within_days"])
            else:
                saved = actions.create_round(user=request.user, model=data["model"], name=data["name"],
                                             period_start=data["period_start"], period_end=data["period_end"],
                                             plan_within_days=data["plan_within_days"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The round %(round)s was saved.") % {"round": saved})
            return redirect("maturity:round", saved.pk)
    return render(request, "maturity/round_form.html", {"form": form, "round": rnd},
                  status=400 if form.errors else 200)


@login_required
def round_create(request):
    return _round_form(request, Round())


@login_required
def round_edit(request, pk):
    return _round_form(request, get_object_or_404(Round, pk=pk))


@login_required
def round_detail(request, pk):
    rnd = get_object_or_404(Round.objects.select_related("model"), pk=pk)
    may = access.may_administer(request.user)
    return render(request, "maturity/round.html", {
        "round": rnd, **paged(request, queries.round_units(rnd), PAGE_SIZE), "summary": queries.round_summary(rnd),
        "may_administer": may, "unit_form": RoundUnitForm() if may and rnd.status == Round.Status.OPEN else None})


def _round_action(request, pk, action, done):
    _administrators_only(request.user)
    rnd = get_object_or_404(Round, pk=pk)
    try:
        action(user=request.user, round=rnd, expected_version=_posted_version(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("maturity:round", pk)


@login_required
@require_POST
def round_close(request, pk):
    return _round_action(request, pk, actions.close_round, _("The round was closed and its results aggregated."))


@login_required
@require_POST
def round_reopen(request, pk):
    return _round_action(request, pk, actions.reopen_round, _("The round was opened for answers again."))


@login_required
@require_POST
def round_aggregate(request, pk):
    _administrators_only(request.user)
    rnd = get_object_or_404(Round, pk=pk)
    actions.aggregate(user=request.user, round=rnd)
    messages.success(request, _("The results were aggregated."))
    return redirect("maturity:round", pk)


@login_required
@require_POST
def round_unit_add(request, pk):
    _administrators_only(request.user)
    rnd = get_object_or_404(Round, pk=pk)
    form = RoundUnitForm(request.POST)
    if form.is_valid():
        try:
            actions.set_round_units(user=request.user, round=rnd,
                                    units=[(form.cleaned_data["unit"], form.cleaned_data["invited"])])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(unit)s is assessed in the round.") % {"unit": form.cleaned_data["unit"]})
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
    return redirect("maturity:round", pk)


@login_required
def round_unit_remove(request, pk):
    _administrators_only(request.user)
    row = get_object_or_404(RoundUnit, pk=pk)
    if request.method != "POST":  # every removal asks first (core.deletion)
        return deletion.confirm(request, row, cancel_url=reverse("maturity:round", args=[row.round_id]))
    try:
        actions.remove_round_unit(user=request.user, round_unit=row)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(unit)s was removed from the round.") % {"unit": row.unit})
    return redirect("maturity:round", row.round_id)


@login_required
def round_import(request, pk):
    _administrators_only(request.user)
    rnd = get_object_or_404(Round, pk=pk)
    form = FileForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.import_answers(upload.name, upload.read(), user=request.user, round=rnd)
        except (ImportFileError, ValidationError) as error:
            form.add_error("file", " ".join(getattr(error, "messages", [str(error)])))
    return render(request, "maturity/round_import.html", {"form": form, "result": result, "round": rnd},
                  status=400 if form.errors or (result and result.errors) else 200)


@login_required
def response_create(request, pk):
    _administrators_only(request.user)
    rnd = get_object_or_404(Round, pk=pk)
    points = list(MeasurementPoint.objects.filter(model=rnd.model_id).order_by(
        "category__dimension__order", "category__order", "order", "code"))
    form = ResponseForm(request.POST or None, points=points)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_response(user=request.user, round=rnd, unit=form.cleaned_data["unit"],
                                    respondent=form.cleaned_data["respondent"], answers=form.answers(),
                                    submitted_on=form.cleaned_data["submitted_on"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                error = ValidationError({(f"p_{k}" if k in form.point_codes else k): v
                                         for k, v in error.error_dict.items()})
            add_action_errors(form, error)
        else:
            messages.success(request, _("The answers were recorded and the results aggregated."))
            return redirect("maturity:round", pk)
    return render(request, "maturity/response_form.html", {"form": form, "round": rnd},
                  status=400 if form.errors else 200)
