"""Import of the region's process map from .xlsx or .csv (core.tables): code, name, parent, kind, description.

Rows are matched on code: a new code is created, a known one updated. A parent may be a process already in the
register or one further down the same file. The whole file is checked before anything is stored — every bad row
named with its column, a loop in the hierarchy refused — and then stored in one transaction: all or nothing."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.tables import ImportFileError, ImportResult, RowError, read_table
from core.versioning import StaleVersion

from .models import Process

COLUMNS = ["code", "name", "parent", "kind", "description"]
REQUIRED = {"code", "name"}
ALIASES = {"parent code": "parent", "parent_code": "parent"}
FIELDS = ("name", "kind", "description")


def _kind(text):
    """A kind by its value or its label in either language (process, capability, förmåga)."""
    wanted = text.strip().lower()
    if not wanted:
        return Process.Kind.PROCESS
    for value, label in Process.Kind.choices:
        if wanted in (value, str(label).lower()):
            return value
    return {"förmåga": Process.Kind.CAPABILITY}.get(wanted)


def validate(rows):
    """(the wanted state {code: values}, errors). The state holds every process after the import: those in the
    register, changed by the file's rows."""
    existing = {p.code: p for p in Process.objects.select_related("parent")}
    state = {code: {"name": p.name, "kind": p.kind, "description": p.description,
                    "parent": p.parent.code if p.parent else "", "row": None} for code, p in existing.items()}
    errors, seen = [], {}
    for number, row in rows:
        code = row.get("code", "").replace("\x00", "")
        name = row.get("name", "").replace("\x00", "")
        parent = row.get("parent", "").replace("\x00", "")
        kind = _kind(row.get("kind", ""))
        row_errors = []
        if not code:
            row_errors.append(RowError(number, "code", _("Give the process's code.")))
        elif len(code) > 40:
            row_errors.append(RowError(number, "code", _("A code has at most 40 characters.")))
        elif code in seen:
            row_errors.append(RowError(number, "code", _("The code %(code)s is on row %(row)s already.")
                                       % {"code": code, "row": seen[code]}))
        if not name:
            row_errors.append(RowError(number, "name", _("Give the process's name.")))
        elif len(name) > 200:
            row_errors.append(RowError(number, "name", _("A name has at most 200 characters.")))
        if kind is None:
            row_errors.append(RowError(number, "kind", _("The kind is process or capability, not %(kind)s.")
                                       % {"kind": row.get("kind", "")[:40]}))
        if parent and parent == code:
            row_errors.append(RowError(number, "parent", _("A process cannot be part of itself.")))
        if row_errors:
            errors.extend(row_errors)
            continue
        seen[code] = number
        state[code] = {"name": name, "kind": kind, "description": row.get("description", "").replace("\x00", ""),
                       "parent": parent, "row": number}
    for values in state.values():
        if values["row"] is not None and values["parent"] and values["parent"] not in state:
            errors.append(RowError(values["row"], "parent", _("No process has the code %(code)s, in the register or "
                                                              "in the file.") % {"code": values["parent"]}))
    errors.extend(_loops(state))
    return state, existing, sorted(errors, key=lambda e: (e.row, e.column))


def _loops(state):
    """A loop in the hierarchy after the import, reported on the first file row that takes part in it."""
    errors, reported = [], set()
    for start in state:
        path, code = [], start
        while code and code in state and code not in path:
            path.append(code)
            code = state[code]["parent"]
        if code and code in path:
            loop = path[path.index(code):]
            key = frozenset(loop)
            if key in reported:
                continue
            reported.add(key)
            rows = [state[c]["row"] for c in loop if state[c]["row"] is not None]
            errors.append(RowError(min(rows) if rows else 0, "parent", _(
                "The hierarchy would go round in a loop: %(loop)s.") % {"loop": " → ".join([*loop, loop[0]])}))
    return errors


@transaction.atomic
def store(state, existing):
    result = ImportResult()
    by_code = dict(existing)
    wanted = {code: values for code, values in state.items() if values["row"] is not None}
    for code, values in wanted.items():  # first every process, then their parents (a parent may come later)
        fields = {name: values[name] for name in FIELDS}
        process = by_code.get(code)
        if process is None:
            by_code[code] = Process.objects.create(code=code, **fields)
            result.created += 1
        else:
            old_parent = process.parent.code if process.parent else ""
            if any(getattr(process, k) != v for k, v in fields.items()) or old_parent != values["parent"]:
                result.updated += 1
                for name, value in fields.items():
                    setattr(process, name, value)
                process.save()
            else:
                result.unchanged += 1
    for code, values in wanted.items():
        process = by_code[code]
        parent = by_code.get(values["parent"]) if values["parent"] else None
        if process.parent_id != (parent.pk if parent else None):
            process.parent = parent
            process.save()
    result.stored = True
    return result


def import_processes(name, data):
    """The process map from a file; administrators only (the views and the command ask)."""
    notes = []
    _header, rows = read_table(name, data, [*COLUMNS, *ALIASES], REQUIRED, notes=notes)
    for _number, row in rows:  # "parent code", as the region's spreadsheets may call it
        for alias in ALIASES:
            if alias in row and not row.get("parent"):
                row["parent"] = row.pop(alias)
    state, existing, errors = validate(rows)
    if errors:
        return ImportResult(errors=errors, rejected=len({e.row for e in errors}), notes=notes)
    try:
        result = store(state, existing)
    except (StaleVersion, IntegrityError) as error:
        raise ImportFileError(_("%(error)s Nothing was stored; run the import again.") % {
            "error": getattr(error, "messages", [str(error)])[0]}) from error
    result.notes = notes
    return result
