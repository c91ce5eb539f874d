"""Reading a table a user uploads (.xlsx or .csv) into rows, and reporting what was wrong with them
by row number and column — the same way for every import in Styr."""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from django.utils.translation import gettext as _

from .exports import FORMULA_STARTS

MERGED = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)"')
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list = field(default_factory=list)
    stored: bool = False
    notes: list = field(default_factory=list)


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong format, or its header misses required columns."""


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _restored(str(value).strip())


def _restored(text):
    """Take off the apostrophe the export writer put before text that would read as a formula."""
    return text[1:] if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS else text


def read_table(name, data, columns, required, notes=None):
    """Rows of a file as (row number as the user sees it, {column: text}); row 1 is the header. What the
    reader had to assume (e.g. the text's encoding) is appended to `notes` for the user."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            # Excel and other tools leave a stale <dimension> in files; read every row there is, not the
            # rows it claims.
            sheet.reset_dimensions()
            values = list(sheet.iter_rows(values_only=True))
            lines = [[_cell(c) for c in row] for row in values]
            with book._archive.open(sheet._worksheet_path) as source:  # read-only mode shows neither merges
                xml = source.read()                                     # nor formulas: look at the sheet
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(f"{name} is not a readable .xlsx file: {error}") from error
        if notes is not None:
            notes.extend(_merged_notes(name, xml))
            if FORMULA.search(xml):
                notes.extend(_formula_notes(name, data, values))
    elif suffix == ".csv":
        text = _decoded(name, data, notes)
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            lines = [[_restored(c.strip()) for c in row] for row in reader]
        except csv.Error as error:  # e.g. a cell longer than the csv module's field limit
            raise ImportFileError(f"{name}, row {reader.line_num}: {error}") from error
    else:
        raise ImportFileError(f"{name}: only .xlsx and .csv files can be imported.")
    lines = iter(lines)
    header = [h.strip().lower() for h in next(lines, [])]
    missing = set(required) - set(header)
    if missing:
        raise ImportFileError(f"{name}: the header row lacks the columns {', '.join(sorted(missing))}.")
    rows = []
    for number, values in enumerate(lines, start=2):
        if not any(values):
            continue
        rows.append((number, {h: v for h, v in zip(header, values, strict=False) if h in columns}))
    return header, rows


def _decoded(name, data, notes):
    """UTF-8 (with or without a byte-order mark), else Windows-1252 — what Excel writes as "CSV" on a
    Swedish Windows — said in the notes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{name} is neither UTF-8 nor Windows-1252 text: {error}") from error
    if notes is not None:
        notes.append(_("%(name)s was read as Windows-1252 text (it is not UTF-8).") % {"name": name})
    return text


def _merged_notes(name, xml):
    """A merged range holds its value in the first cell only; the others are read as empty, which the user
    may not expect (a merged owner column would leave every row but the first without an owner)."""
    for first_col, first_row, last_col, last_row in MERGED.findall(xml):
        cells = f"{first_col.decode()}{first_row.decode()}:{last_col.decode()}{last_row.decode()}"
        yield _("%(name)s: the cells %(cells)s are merged; only %(first)s holds the value, the other cells are "
                "read as empty.") % {"name": name, "cells": cells, "first": f"{first_col.decode()}{first_row.decode()}"}


def _formula_notes(name, data, values):
    """A formula saved by a program that does not calculate (many generators, some converters) has no
    computed value in the file; it would be read as empty without a word."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    sheet = book.worksheets[0]
    sheet.reset_dimensions()
    header = [_cell(h) for h in values[0]] if values else []
    for number, (formulas, computed) in enumerate(zip(sheet.iter_rows(), values, strict=False), start=1):
        for index, (cell, value) in enumerate(zip(formulas, computed, strict=False)):
            if value is None and isinstance(cell.value, str) and cell.value.startswith("="):
                column = header[index] if index < len(header) and header[index] else cell.column_letter
                yield _("%(name)s, row %(row)s, column %(column)s: the formula %(formula)s has no computed value "
                        "in the file and is read as empty; open the file in Excel or LibreOffice and save it "
                        "again to store its value.") % {"name": name, "row": number,
                                                          "column": column, "formula": cell.value}
    book.close()


def errors_of(number, detail):
    if isinstance(detail, dict):
        return [
            RowError(number, "-" if key == "non_field_errors" else key, " ".join(str(m) for m in messages))
            for key, messages in detail.items()
        ]
    return [RowError(number, "-", " ".join(str(m) for m in detail))]
