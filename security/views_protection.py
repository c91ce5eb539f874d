"""Pages of personal data and suppliers, continuity and protection requirements (issue 9, parts 3–5): the
panel's sections, the forms that record them, the catalogue page and its import.

Who may do what is asked of core.access only: the forms are for those who may edit the service (its owner's
editors, administrators) — anyone else is refused with 403 and is never shown a form. An editor of the owner
always sees the service's details, so no form can show a detail of a shielded service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access, deletion
from core.forms import add_action_errors
from core.tables import ImportFileError
from core.versioning import stale_message
from core.views import paged
from services.models import Service

from . import actions, catalogue, queries
from .forms_protection import (
    AgreementForm,
    CatalogueImportForm,
    ContinuityPlanForm,
    FulfilmentForm,
    TransferAssessmentForm,
)
from .models import (
    ContinuityPlan,
    ContinuityRequirement,
    DataProcessingAgreement,
    ProtectionRequirement,
    RequirementFulfilment,
    TransferAssessment,
)


def _refuse_unless_editor(user, service):
    if not access.may_edit(user, service):
        raise PermissionDenied(_("Only editors of the owning organisation and administrators may change the "
                                 "security details of this service."))


def _back(service, anchor):
    return redirect(service.section_url("security", anchor))


# The panel's sections (registered in security.registration into views.SECTIONS). They run only for a user who
# may see the service's details.

def agreements_section(request, service):
    agreements = list(service.processing_agreements.prefetch_related("transfer_assessments"))
    in_force = set(queries.agreements_in_force().filter(service=service).values_list("pk", flat=True))
    for agreement in agreements:
        agreement.in_force = agreement.pk in in_force
    return {
        "personal_data": queries.holds_personal_data(service),
        "needs_agreement": queries.needs_processing_agreement(service),
        "agreements": agreements,
        "agreement_gaps": queries.agreement_gaps(service),
    }


def continuity_section(request, service):
    return {"continuity": queries.continuity_status(service)}


def requirements_section(request, service):
    rows = queries.requirements_with_fulfilment(service)
    return {"requirement_rows": rows, "requirements_unmet": sum(1 for _r, f in rows if f is None),
            "fulfilment_form": FulfilmentForm()}


SECTIONS = [agreements_section, continuity_section, requirements_section]


# Forms. Each form page shows the record's form and writes through an action; a stale version is refused with
# the form's message and nothing is stored.

def _form_page(request, *, form, service, title, save, done, anchor):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        except IntegrityError:  # someone recorded the same thing (the service's one plan) a moment before
            form.add_error(None, stale_message())
        else:
            messages.success(request, done)
            return _back(service, anchor)
    return render(request, "security/protection_form.html",
                  {"form": form, "service": service, "title": title,
                   "back": service.section_url("security", anchor)})


def _fields(form):
    return {name: value for name, value in form.cleaned_data.items() if name != "row_version"}


@login_required
def agreement_create(request, pk):
    service = get_object_or_404(Service, pk=pk)
    _refuse_unless_editor(request.user, service)
    form = AgreementForm(request.POST or None, instance=DataProcessingAgreement(service=service))
    return _form_page(request, form=form, service=service, title=_("Record a data processing agreement"),
                      save=lambda data: actions.record_agreement(service=service, **_fields(form)),
                      done=_("The agreement was recorded."), anchor="agreements")


@login_required
def agreement_edit(request, pk):
    agreement = get_object_or_404(DataProcessingAgreement.objects.select_related("service"), pk=pk)
    _refuse_unless_editor(request.user, agreement.service)
    form = AgreementForm(request.POST or None, instance=agreement)
    return _form_page(
        request, form=form, service=agreement.service, title=_("Change a data processing agreement"),
        save=lambda data: actions.update_agreement(
            agreement=DataProcessingAgreement.objects.get(pk=pk), expected_version=data["row_version"],
            **_fields(form)),
        done=_("The agreement was saved."), anchor="agreements")


def _remove(request, obj, service, remove, done, anchor):
    _refuse_unless_editor(request.user, service)
    if request.method != "POST":  # every delete asks first (core.deletion); its form posts back with the version
        return deletion.confirm(request, obj, cancel_url=_back(service, anchor).url)
    try:
        remove(obj, request.POST.get("row_version") or request.GET.get("row_version") or obj.row_version)
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, done)
    return _back(service, anchor)


@login_required
def agreement_delete(request, pk):
    agreement = get_object_or_404(DataProcessingAgreement.objects.select_related("service"), pk=pk)
    return _remove(request, agreement, agreement.service,
                   lambda obj, version: actions.remove_agreement(agreement=obj, expected_version=version),
                   _("The agreement was removed."), "agreements")


@login_required
def assessment_create(request, pk):
    agreement = get_object_or_404(DataProcessingAgreement.objects.select_related("service"), pk=pk)
    _refuse_unless_editor(request.user, agreement.service)
    form = TransferAssessmentForm(request.POST or None, instance=TransferAssessment(agreement=agreement))
    return _form_page(request, form=form, service=agreement.service, title=_("Record a transfer assessment"),
                      save=lambda data: actions.record_transfer_assessment(agreement=agreement, **_fields(form)),
                      done=_("The transfer assessment was recorded."), anchor="agreements")


@login_required
def assessment_edit(request, pk):
    assessment = get_object_or_404(TransferAssessment.objects.select_related("agreement__service"), pk=pk)
    service = assessment.agreement.service
    _refuse_unless_editor(request.user, service)
    form = TransferAssessmentForm(request.POST or None, instance=assessment)
    return _form_page(
        request, form=form, service=service, title=_("Change a transfer assessment"),
        save=lambda data: actions.update_transfer_assessment(
            assessment=TransferAssessment.objects.get(pk=pk), expected_version=data["row_version"],
            **_fields(form)),
        done=_("The transfer assessment was saved."), anchor="agreements")


@login_required
def assessment_delete(request, pk):
    assessment = get_object_or_404(TransferAssessment.objects.select_related("agreement__service"), pk=pk)
    return _remove(request, assessment, assessment.agreement.service,
                   lambda obj, version: actions.remove_transfer_assessment(assessment=obj, expected_version=version),
                   _("The transfer assessment was removed."), "agreements")


@login_required
def continuity_plan(request, pk):
    """Record the service's continuity plan, or change the one it has."""
    service = get_object_or_404(Service, pk=pk)
    _refuse_unless_editor(request.user, service)
    plan = ContinuityPlan.objects.filter(service=service).first()
    form = ContinuityPlanForm(request.POST or None, instance=plan or ContinuityPlan(service=service))

    def save(data):
        if plan is None:
            return actions.record_continuity_plan(service=service, **_fields(form))
        return actions.update_continuity_plan(plan=ContinuityPlan.objects.get(pk=plan.pk),
                                              expected_version=data["row_version"], **_fields(form))

    return _form_page(request, form=form, service=service, title=_("Continuity plan"), save=save,
                      done=_("The continuity plan was saved."), anchor="continuity")


@login_required
@require_POST
def requirement_met(request, pk, code):
    """Mark a requirement met (or, when it is already, record the new evidence)."""
    service = get_object_or_404(Service, pk=pk)
    _refuse_unless_editor(request.user, service)
    requirement = get_object_or_404(ProtectionRequirement, code=code)
    form = FulfilmentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, f"{FulfilmentForm.base_fields['evidence'].label}: {' '.join(errors)}")
        return _back(service, "requirements")
    fulfilment = RequirementFulfilment.objects.filter(service=service, requirement=requirement).first()
    try:
        if fulfilment is None:
            actions.mark_requirement_met(service=service, requirement=requirement, user=request.user,
                                         evidence=form.cleaned_data["evidence"])
        else:
            actions.update_fulfilment(fulfilment=fulfilment, user=request.user,
                                      expected_version=request.POST.get("row_version") or None,
                                      evidence=form.cleaned_data["evidence"])
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The requirement %(code)s is recorded as met.") % {"code": requirement.code})
    return _back(service, "requirements")


@login_required
@require_POST
def fulfilment_withdraw(request, pk):
    fulfilment = get_object_or_404(RequirementFulfilment.objects.select_related("service", "requirement"), pk=pk)
    return _remove(request, fulfilment, fulfilment.service,
                   lambda obj, version: actions.withdraw_fulfilment(fulfilment=obj, expected_version=version),
                   _("The requirement is no longer recorded as met."), "requirements")


# The catalogues: read by everyone signed in, changed by administrators (the admin, the import).

@login_required
def catalogue_page(request):
    context = paged(request, ProtectionRequirement.objects.all())
    context.update(continuity_requirements=ContinuityRequirement.objects.all()[:100],
                   may_administer=access.may_administer(request.user))
    return render(request, "security/requirements.html", context)


@login_required
def catalogue_import(request):
    if not access.may_administer(request.user):
        raise PermissionDenied(_("Only administrators may load requirement catalogues."))
    form = CatalogueImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = catalogue.import_catalogue(upload.name, upload.read())
        except ImportFileError as error:
            form.add_error("file", str(error))
    return render(request, "security/requirements_import.html", {"form": form, "result": result})
