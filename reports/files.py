"""The bokslut's files: names, content types, and making one in either format — shared by the page and the
command so both give the same file."""

from django.utils import translation
from django.utils.translation import gettext as _

from . import bokslut, pdf, xlsx

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def filename(year, organisation, fmt):
    """bokslut-2026.pdf, bokslut-2026-HSN.xlsx."""
    suffix = f"-{organisation.code}" if organisation is not None else ""
    return f"bokslut-{year}{suffix}.{fmt}"


def make(year, organisation, fmt):
    """The file's bytes. Raises bokslut.ReportError for input it cannot be made for."""
    with translation.override("sv"):  # the bokslut is a Swedish document, whoever asks for it
        if fmt not in CONTENT_TYPES:
            raise bokslut.ReportError(_("The format must be pdf or xlsx."))
        data = bokslut.gather(year, organisation)
        return pdf.render(data) if fmt == "pdf" else xlsx.render(data)
