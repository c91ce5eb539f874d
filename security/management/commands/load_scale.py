from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.tables import ImportFileError, read_table
from security import actions
from security.models import Scale

COLUMNS = ["number", "name", "description"]


def read_levels(name, data):
    """Rows of (number, name, description); errors name the row and the column."""
    _header, rows = read_table(name, data, COLUMNS, {"number", "name"})
    levels, errors, seen = [], [], {}
    for number, row in rows:
        text = row.get("number", "")
        try:
            level = int(text)
            if not 0 <= level <= 32767:
                raise ValueError
        except ValueError:
            errors.append(f"row {number}, column number: {text!r} is not a level number (0 or more).")
            continue
        if level in seen:
            errors.append(f"row {number}, column number: level {level} is on row {seen[level]} already.")
            continue
        seen[level] = number
        if not row.get("name"):
            errors.append(f"row {number}, column name: every level needs a name.")
            continue
        if len(row["name"]) > 100:
            errors.append(f"row {number}, column name: at most 100 characters.")
            continue
        levels.append((level, row["name"], row.get("description", "")))
    if not levels and not errors:
        errors.append(f"{name}: the file has no levels.")
    return levels, errors


class Command(BaseCommand):
    help = ("Load a region's own scale of levels from an .xlsx or .csv file with the columns number, name and "
            "description (styr load-scale FILE --name … --purpose classification [--activate]).")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--name", required=True)
        parser.add_argument("--purpose", required=True, choices=Scale.Purpose.values)
        parser.add_argument("--description", default="")
        parser.add_argument("--activate", action="store_true",
                            help="Put it in use; the scale in use for the purpose so far is taken out of use.")

    def handle(self, *args, file, name, purpose, description, activate, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            levels, errors = read_levels(path.name, path.read_bytes())
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(f"{len(errors)} row(s) are invalid; nothing was stored.")
        try:
            scale = actions.load_scale(name=name, purpose=purpose, description=description, levels=levels,
                                       activate=activate)
        except ValidationError as error:
            raise CommandError("; ".join(f"{field}: {' '.join(m)}" for field, m in error.message_dict.items())
                               if hasattr(error, "error_dict") else " ".join(error.messages)) from error
        state = "in use" if scale.active else "not in use"
        self.stdout.write(f"{scale.name}: {len(levels)} levels loaded ({state}).")
