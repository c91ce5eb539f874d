"""The reports page: the bokslut for a year, for the region or one board, as PDF or Excel. Everyone signed in
may make it: the bokslut is a public-sector document for a board's agenda, of figures every reader of Styr sees
already (aggregates; no service's security details)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from organisations.models import Organisation

from . import files
from .forms import BokslutForm, organisation_text


@login_required
def index(request):
    fmt = request.GET.get("format")
    form = BokslutForm(request.GET if fmt else None)
    if fmt and form.is_valid():
        if fmt not in files.CONTENT_TYPES:
            form.add_error(None, _("Choose PDF or Excel."))
        else:
            year, organisation = form.cleaned_data["year"], form.cleaned_data["organisation"]
            response = HttpResponse(files.make(year, organisation, fmt), content_type=files.CONTENT_TYPES[fmt])
            response["Content-Disposition"] = f'attachment; filename="{files.filename(year, organisation, fmt)}"'
            return response
    return render(request, "reports/index.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def organisation_options(request):
    """Suggestions while typing an organisation's code or name: <option>s for the field's datalist."""
    text = (request.GET.get("organisation") or request.GET.get("q") or "").strip()[:100].replace("\x00", "")
    found = Organisation.objects.none()
    if text:
        code = text.split(" — ", 1)[0].strip()
        found = Organisation.objects.filter(Q(code__icontains=code) | Q(name__icontains=text)).order_by("code")[:20]
    return render(request, "reports/_organisation_options.html",
                  {"options": [(organisation_text(o), o) for o in found]})
