"""The one export writer: every CSV and XLSX file Styr writes goes through here, so none of them can carry
a live formula into the spreadsheet that opens it (OWASP, CSV injection).

- CSV: UTF-8 with a byte-order mark, semicolons and CRLF, as Excel with Swedish settings expects; a text
  cell that begins with = + - @ tab or carriage return is written with a leading apostrophe, which the
  spreadsheet shows as text. Numbers (int, Decimal, float) stay numbers.
- XLSX: text is written as text cells (never as a formula, whatever it begins with); numbers as numbers,
  dates as dates.
Our own import takes the apostrophe off again (core.tables), so an export can be edited and imported back.
"""

import csv
import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBERS = (int, float, Decimal)


def neutralised(text):
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(value, decimal_comma=False):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, NUMBERS):
        text = str(value)
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralised(str(value))


def write_csv(stream, header, rows, decimal_comma=False):
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(h) for h in header])
    for row in rows:
        writer.writerow([csv_text(value, decimal_comma) for value in row])


def _xlsx_cell(sheet, value):
    if value is None or isinstance(value, (*NUMBERS, datetime.date)) and not isinstance(value, bool):
        return value
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"  # text, never a formula
    return cell


def write_xlsx(stream, sheet_title, header, rows):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    sheet.append([_xlsx_cell(sheet, h) for h in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    book.save(stream)


def write_xlsx_book(stream, sheets):
    """Several sheets in one workbook: `sheets` is [(title, header, rows)], written as write_xlsx writes one."""
    book = Workbook(write_only=True)
    for sheet_title, header, rows in sheets:
        sheet = book.create_sheet(sheet_title[:31])
        sheet.append([_xlsx_cell(sheet, h) for h in header])
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    book.save(stream)


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def response(fmt, filename, header, rows, sheet_title="Styr", decimal_comma=False):
    """The HTTP answer of an export: `filename` without its extension; always downloaded (an attachment), never
    shown in the browser. `rows` may be a generator: the file is written as it is read."""
    from django.http import HttpResponse

    if fmt not in CONTENT_TYPES:
        raise ValueError(f"no export format {fmt}")
    answer = HttpResponse(content_type=CONTENT_TYPES[fmt])
    if fmt == "csv":
        import io

        text = io.StringIO()
        write_csv(text, header, rows, decimal_comma=decimal_comma)
        answer.write(text.getvalue().encode("utf-8"))
    else:
        write_xlsx(answer, sheet_title, header, rows)
    answer["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return answer
