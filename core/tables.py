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


def read_table(name, data, columns, required):
    """Rows of a file as (row number as the user sees it, {column: text}); row 1 is the header."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(f"{name} is not a readable .xlsx file: {error}") from error
        lines = ([_cell(c) for c in row] for row in book.worksheets[0].iter_rows(values_only=True))
    elif suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(f"{name} is not UTF-8 text: {error}") from error
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        lines = ([_restored(c.strip()) for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter))
    else:
        raise ImportFileError(f"{name}: only .xlsx and .csv files can be imported.")
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


def errors_of(number, detail):
    if isinstance(detail, dict):
        return [
            RowError(number, "-" if key == "non_field_errors" else key, " ".join(str(m) for m in messages))
            for key, messages in detail.items()
        ]
    return [RowError(number, "-", " ".join(str(m) for m in detail))]
