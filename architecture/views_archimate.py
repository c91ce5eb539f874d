"""The ArchiMate exchange page: download the register as an exchange file, and (administrators) import one."""

import tempfile

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import access

from . import archimate_export
from .archimate_import import ArchimateImportError, import_file

FILENAME = "styr-archimate.xml"
MAX_UPLOAD = 200 * 1024 * 1024


class ArchimateImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("ArchiMate exchange file (.xml)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload


def attachment(user):
    """The exchange file as an attachment. Written to a temporary file first (memory stays flat at any
    size), then sent from it; the file goes away when the response is closed."""
    spool = tempfile.TemporaryFile()
    archimate_export.write(spool, user=user)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=FILENAME, content_type="application/xml")


@login_required
def archimate(request):
    if request.GET.get("download"):
        return attachment(request.user)
    may_import = access.may_administer(request.user)
    form, report, errors = None, None, None
    if may_import:
        form = ArchimateImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied(_("Only administrators may import an ArchiMate file."))
        if form.is_valid():
            try:
                report = import_file(form.cleaned_data["file"].read(), user=request.user)
            except ArchimateImportError as error:
                errors = error.errors
    return render(request, "architecture/archimate.html",
                  {"form": form, "report": report, "errors": errors, "may_import": may_import})
