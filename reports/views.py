"""The reports page: the bokslut for a year, for the region or one board, as PDF or Excel. Everyone signed in
may make it: the bokslut is a public-sector document for a board's agenda, of figures every reader of Styr sees
already (aggregates; no service's security details)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import files
from .forms import BokslutForm


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
