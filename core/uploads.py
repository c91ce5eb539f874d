"""Uploads that cannot attack: a file is accepted only when its content is one of the document types a
region files (PDF, office documents, images, plain text) and agrees with its name; it is stored under a
generated name and always served as a download (styr.urls.media)."""

import datetime
import io
import uuid
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024

OOXML = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
ODF = {".odt": "application/vnd.oasis.opendocument.text", ".ods": "application/vnd.oasis.opendocument.spreadsheet",
       ".odp": "application/vnd.oasis.opendocument.presentation"}
SIGNATURES = {".pdf": [b"%PDF-"], ".png": [b"\x89PNG\r\n\x1a\n"], ".jpg": [b"\xff\xd8\xff"],
              ".jpeg": [b"\xff\xd8\xff"], ".gif": [b"GIF87a", b"GIF89a"],
              ".doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"], ".xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
              ".ppt": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]}
TEXT = {".txt", ".csv"}
ALLOWED = sorted({*SIGNATURES, *OOXML, *ODF, *TEXT})
# Text that a browser would run if it were ever shown rather than downloaded.
MARKUP = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<iframe", b"<body", b"<head")


def _zip_names(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist(), (archive.read("mimetype") if "mimetype" in archive.namelist() else b"")
    except zipfile.BadZipFile:
        return [], b""


def _content_agrees(suffix, data):
    if suffix in SIGNATURES:
        return any(data.startswith(signature) for signature in SIGNATURES[suffix])
    if suffix in OOXML:
        names, _ = _zip_names(data)
        return "[Content_Types].xml" in names and any(n.startswith(OOXML[suffix]) for n in names)
    if suffix in ODF:
        _, mimetype = _zip_names(data)
        return mimetype.decode("ascii", "replace").strip() == ODF[suffix]
    if suffix in TEXT:
        if b"\x00" in data:
            return False
        head = data[:4096].lstrip().lower()
        if any(marker in head for marker in MARKUP):
            return False
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                data.decode(encoding)
                return True
            except UnicodeDecodeError:
                continue
    return False


def check(upload):
    """Refuse a file whose type is not allowed, whose content is not what its name says, or that is too large."""
    name = getattr(upload, "name", "") or ""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED:
        raise ValidationError(_("%(name)s: only these kinds of file are accepted: %(kinds)s.")
                              % {"name": name, "kinds": ", ".join(ALLOWED)}, code="file_type")
    if upload.size > MAX_BYTES:
        raise ValidationError(_("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": MAX_BYTES // 2**20},
                              code="file_size")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not _content_agrees(suffix, data):
        raise ValidationError(_("%(name)s is not a %(kind)s file by its content.") % {"name": name, "kind": suffix},
                              code="file_content")


def generated_name(folder, filename):
    """decisions/2026/3f2c….pdf — never the uploader's name, which could collide or mislead."""
    return f"{folder}/{datetime.date.today().year}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def holder_of(path):
    """The record a stored file belongs to, found through every file field of every model (so apps that
    add uploads later are covered without code here); None for a file no record names."""
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                holder = model._default_manager.filter(**{field.name: path}).first()
                if holder is not None:
                    return holder
    return None
