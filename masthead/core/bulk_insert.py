"""Inserting many new rows of one table fast: what `QuerySet.bulk_create` does (multi-row
INSERTs sized to the database's limits, primary keys read back with RETURNING, related
objects checked as saved), without its per-value SQL compilation, which costs several times
the database's own work when a job writes hundreds of thousands of rows (the WordPress
import: pages, revisions, comments, their events and mapping rows).

Each value goes through its field exactly as on save (`pre_save` for instances, then
`get_db_prep_save`), so defaults, `auto_now`, JSON and dates are stored as the ORM stores
them. No signals are sent (nor does bulk_create send any). A table with a field that needs
its own SQL placeholder, or a database that cannot return the keys of a multi-row INSERT,
takes bulk_create itself.

On PostgreSQL the rows go in with COPY: psycopg formats them in C, where a multi-row
INSERT (or bulk_create's UNNEST) has psycopg's Python array dumper turn every value into
text, the largest client cost of the import there. COPY cannot return keys, so an
auto-incremented key is taken from its sequence first (one `nextval` query for the
whole call, the same numbers the column default would give, in the order of the rows).

`write_rows` is the same for rows given as tuples, when nobody reads back a key (an
event, a mapping row): no model instance is built for them.
"""

import time

from django.db import connections, models, router

ROWS_PER_STATEMENT = 1000  # memory stays bounded whatever a caller passes

# Field classes (exactly these, not subclasses, which may change values) whose
# get_db_prep_save gives a value of this Python type back as it is, or as the same number
# (PostgreSQL wraps an int in psycopg's Int4/Int8 for binding; COPY writes the same text):
# such values skip the call, a tenth of an import's time where nearly every value is one.
_PASSED_AS_IS = {
    **dict.fromkeys([models.CharField, models.TextField, models.SlugField, models.EmailField, models.URLField], str),
    **dict.fromkeys([models.IntegerField, models.BigIntegerField, models.SmallIntegerField, models.PositiveIntegerField,
                     models.PositiveSmallIntegerField, models.PositiveBigIntegerField, models.AutoField, models.BigAutoField,
                     models.SmallAutoField], int),
    models.BooleanField: bool,
}


def insert_rows(model, objs, fields=None) -> list:
    """INSERT `objs` (new instances) into `model`'s own table and set their keys; `model`
    may be a parent of their class (multi-table inheritance: one call per table). `fields`:
    the columns to write, by default every local concrete field but an auto key."""
    objs = list(objs)
    if not objs:
        return objs
    opts = model._meta
    using = router.db_for_write(model)
    connection = connections[using]
    if fields is None:
        fields = [f for f in opts.local_concrete_fields if not f.db_returning and not f.generated]
    returning = [f for f in opts.db_returning_fields if f not in fields]
    if any(hasattr(f, "get_placeholder") for f in fields) or (returning and not connection.features.can_return_rows_from_bulk_insert):
        return model._base_manager.using(using).bulk_create(objs)
    if connection.vendor == "postgresql" and returning in ([], [opts.pk]):
        if returning:  # the keys the column default would give, then written like any value
            for obj, key in zip(objs, _next_keys(connection, opts, len(objs))):
                setattr(obj, opts.pk.attname, key)
            fields = [opts.pk, *fields]
        kinds = [_passed_as_is(f) for f in fields]
        _copy(connection, opts, fields, (_prepared(obj, fields, kinds, connection) for obj in objs))
    else:
        kinds = [_passed_as_is(f) for f in fields]
        for start in range(0, len(objs), ROWS_PER_STATEMENT):
            chunk = objs[start:start + ROWS_PER_STATEMENT]
            keys = _insert(connection, opts, fields, [_prepared(obj, fields, kinds, connection) for obj in chunk], returning)
            for obj, row in zip(chunk, keys):
                for field, value in zip(returning, row):
                    setattr(obj, field.attname, value)
    for obj in objs:
        obj._state.adding, obj._state.db = False, using
    return objs


def write_rows(model, field_names, rows) -> int:
    """INSERT `rows` (tuples of Python values, in the order of `field_names`) into `model`'s
    table, for rows whose keys nobody reads back: no instance is built. Each value goes
    through its field's `get_db_prep_save`; fields not named take their database default
    or must be nullable (no `pre_save`: name an `auto_now` field and give its value).
    Returns the number of rows written."""
    opts = model._meta
    fields = [opts.get_field(name) for name in field_names]
    kinds = [_passed_as_is(f) for f in fields]
    connection = connections[router.db_for_write(model)]
    count = 0

    def prepared():
        nonlocal count
        for row in rows:
            count += 1
            yield [value if type(value) is kind else f.get_db_prep_save(value, connection) for f, kind, value in zip(fields, kinds, row)]

    if connection.vendor == "postgresql":
        _copy(connection, opts, fields, prepared())
    else:
        chunk = []
        for values in prepared():
            chunk.append(values)
            if len(chunk) == ROWS_PER_STATEMENT:
                _insert(connection, opts, fields, chunk, [])
                chunk = []
        if chunk:
            _insert(connection, opts, fields, chunk, [])
    return count


def _passed_as_is(field):
    """The Python type whose values `field` (or the key a foreign key points to) stores as
    they are, or None."""
    if isinstance(field, models.ForeignKey) and type(field) in (models.ForeignKey, models.OneToOneField):
        field = field.target_field
    return _PASSED_AS_IS.get(type(field))


def _prepared(obj, fields, kinds, connection) -> list:
    obj._prepare_related_fields_for_save(operation_name="insert_rows")
    values = []
    for f, kind in zip(fields, kinds):
        value = f.pre_save(obj, True)
        values.append(value if type(value) is kind else f.get_db_prep_save(value, connection))
    return values


def _next_keys(connection, opts, count) -> list:
    """`count` values of the sequence behind `opts`'s auto key (serial or identity column)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [connection.ops.quote_name(opts.db_table), opts.pk.column, count])
        return sorted(key for (key,) in cursor.fetchall())


def _copy(connection, opts, fields, value_rows) -> None:
    qn = connection.ops.quote_name
    sql = f"COPY {qn(opts.db_table)} ({', '.join(qn(f.column) for f in fields)}) FROM STDIN"
    started, rows = time.monotonic(), 0
    with connection.cursor() as cursor:
        # Django's cursor wrapper has no COPY: psycopg's own cursor, in the same transaction.
        with cursor.cursor.copy(sql) as copy:
            for values in value_rows:
                copy.write_row(values)
                rows += 1
    if connection.queries_logged:  # seen where Django's debug cursor logs (DEBUG, tests' query capture)
        connection.queries_log.append({"sql": f"{sql} -- {rows} rows", "time": f"{time.monotonic() - started:.3f}"})


def _insert(connection, opts, fields, value_rows, returning) -> list:
    """One multi-row INSERT; the `returning` columns of each row, in order."""
    qn = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = min(max(connection.ops.bulk_batch_size(fields, value_rows), 1), ROWS_PER_STATEMENT)
    tail = f" RETURNING {', '.join(qn(f.column) for f in returning)}" if returning else ""
    keys = []
    with connection.cursor() as cursor:
        for start in range(0, len(value_rows), size):
            chunk = value_rows[start:start + size]
            cursor.execute(f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
                           f"VALUES {', '.join([row] * len(chunk))}{tail}", [v for values in chunk for v in values])
            if returning:
                rows = cursor.fetchall()
                if len(rows) != len(chunk):
                    raise RuntimeError(f"{opts.db_table}: {len(chunk)} rows inserted, {len(rows)} keys returned")
                keys += rows
    return keys
