"""Reading a table a user uploads (.xlsx or .csv) into rows, and reporting what was wrong with them
by row number and column — the same way for every import in Styr."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from .exports import FORMULA_STARTS


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
            lines = [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(f"{name} is not a readable .xlsx file: {error}") from error
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
        notes.append(f"{name} was read as Windows-1252 text (it is not UTF-8).")
    return text


def errors_of(number, detail):
    if isinstance(detail, dict):
        return [
            RowError(number, "-" if key == "non_field_errors" else key, " ".join(str(m) for m in messages))
            for key, messages in detail.items()
        ]
    return [RowError(number, "-", " ".join(str(m) for m in detail))]
