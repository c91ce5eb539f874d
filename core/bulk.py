"""Inserting tens of thousands of rows, each with its "created" history record, at the driver's pace.

Django's bulk_create spends most of its time preparing every value of every model instance; an
import of 100,000 services spent three quarters of its time there. Here the rows are plain dicts,
values are adapted once per field type, and the driver's executemany does the rest. The history
record has the same shape django-simple-history writes (its historical model's columns), so the
history pages and API read it like any other. Call it inside a transaction.
"""

from django.db import connections, models
from django.utils import timezone


def _adapter(field, connection):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    return None


FEW = 50  # rows below which PostgreSQL gets INSERTs rather than COPY (insert_rows)


def insert_rows(model, columns, rows, using="default", prepared=False):
    """Insert tuples of values for `columns` into `model`'s table; no history, no signals. A value
    given as text is taken as the database's literal for its column (a decimal as "12.50"); with
    `prepared` every value is already one (int, text or None; a boolean column's a bool: PostgreSQL's typed INSERT,
    used for a few rows, refuses 1 where COPY took it) and rows go to the driver as they are."""
    connection = connections[using]
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    adapters = [_adapter(by_attname[c], connection) for c in columns]
    if not prepared:
        rows = [
            tuple(adapt(value) if adapt and value is not None and not isinstance(value, str) else value
                  for adapt, value in zip(adapters, row, strict=True))
            for row in rows
        ]
    quote = connection.ops.quote_name
    target = f"{quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not (isinstance(rows, list) and len(rows) <= FEW):
            # COPY is PostgreSQL's own bulk path, several times faster than any INSERT. A few rows go as one
            # pipelined executemany instead: COPY's start, data and end cost more round trips than they save.
            with cursor.cursor.copy(f"COPY {target} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {target} VALUES ({', '.join(['%s'] * len(columns))})"
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start:start + 10_000])


def insert_with_history(model, rows, *, key, user=None, reason="", using="default"):
    """Insert `rows` (dicts by attname, no primary key) and a "created" history record for each.

    `key` names a column whose values are unique among the new rows and not yet in the table (an external id,
    or the service of a first ownership), or a tuple of columns that are so together (a cost line's service, year,
    cost type and figure); returns {key value or tuple: new primary key}.
    """
    if not rows:
        return {}
    columns = list(rows[0])
    insert_rows(model, columns, [tuple(row[c] for c in columns) for row in rows], using)
    names = (key,) if isinstance(key, str) else tuple(key)
    keys = [tuple(row[k] for k in names) for row in rows]
    ids = {}
    # In slices: one IN list of every key would pass SQLite's limit of variables in a statement.
    for start in range(0, len(keys), 10_000):
        wanted = set(keys[start:start + 10_000])
        found = (model._default_manager.using(using)
                 .filter(**{f"{names[0]}__in": {k[0] for k in wanted}}).values_list(*names, "pk"))
        ids.update((tuple(values), pk) for *values, pk in found if tuple(values) in wanted)
    historical = model.history.model
    tracked = [f.attname for f in historical._meta.concrete_fields
               if f.attname in columns]
    history_columns = ["id", *tracked, "history_date", "history_change_reason", "history_type", "history_user_id"]
    now = timezone.now()
    user_id = user.pk if user is not None else None
    insert_rows(
        historical, history_columns,
        [(ids[k], *(row[c] for c in tracked), now, reason, "+", user_id) for k, row in zip(keys, rows, strict=True)],
        using,
    )
    # No signal announces these records: the chain takes them when the import's transaction commits.
    from . import audit  # here, not at the top: audit writes its links with insert_rows

    audit.seal_after_commit(historical._meta.db_table, using)
    return {k[0]: pk for k, pk in ids.items()} if isinstance(key, str) else ids


def analyze(*models, using="default", sample=None):
    """Refresh the planner's statistics after a bulk load. Without them SQLite joins the service
    list through the wrong index and a filtered page at 100,000 services takes twice as long.

    SQLite reads every row of every index unless `sample` caps the rows it reads per index (PRAGMA
    analysis_limit): a table that grows by a million rows a run would otherwise be read whole after each run.
    PostgreSQL always samples."""
    connection = connections[using]
    limited = sample is not None and connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        if limited:
            cursor.execute(f"PRAGMA analysis_limit={int(sample)}")
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        if limited:
            cursor.execute("PRAGMA analysis_limit=0")
