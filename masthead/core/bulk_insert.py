"""Inserting many new rows of one table fast: what `QuerySet.bulk_create` does (multi-row
INSERTs sized to the database's limits, primary keys read back with RETURNING, related
objects checked as saved), without its per-value SQL compilation, which costs several times
the database's own work when a job writes hundreds of thousands of rows (the WordPress
import: pages, revisions, comments, their events and mapping rows).

Each value goes through its field exactly as on save (`pre_save`, then `get_db_prep_save`),
so defaults, `auto_now`, JSON and dates are stored as the ORM stores them. No signals are
sent (nor does bulk_create send any). A table with a field that needs its own SQL
placeholder, or a database that cannot return the keys of a multi-row INSERT, takes
bulk_create itself.
"""

from django.db import connections, router

ROWS_PER_STATEMENT = 1000  # memory stays bounded whatever a caller passes


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
    qn = connection.ops.quote_name
    head = f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
    tail = f" RETURNING {', '.join(qn(f.column) for f in returning)}" if returning else ""
    # PostgreSQL: one array per column through UNNEST (as bulk_create does there), not a
    # parameter per value, whose binding would cost more than the compilation saved.
    unnest = connection.vendor == "postgresql" and all(
        (f.target_field if f.is_relation else f).get_internal_type() in connection.data_types for f in fields
    )
    if unnest:
        arrays = ", ".join(f"(%s)::{f.db_type(connection).split('(')[0]}[]" for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = min(max(connection.ops.bulk_batch_size(fields, objs), 1), ROWS_PER_STATEMENT)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            chunk = objs[start:start + size]
            values = []
            for obj in chunk:
                obj._prepare_related_fields_for_save(operation_name="insert_rows")
                values.append([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
            if unnest:
                cursor.execute(f"{head}SELECT * FROM UNNEST({arrays}){tail}", [list(column) for column in zip(*values)])
            else:
                cursor.execute(f"{head}VALUES {', '.join([row] * len(chunk))}{tail}", [v for row_values in values for v in row_values])
            if returning:
                rows = cursor.fetchall()
                if len(rows) != len(chunk):
                    raise RuntimeError(f"{opts.db_table}: {len(chunk)} rows inserted, {len(rows)} keys returned")
                for obj, keys in zip(chunk, rows):
                    for field, value in zip(returning, keys):
                        setattr(obj, field.attname, value)
    for obj in objs:
        obj._state.adding, obj._state.db = False, using
    return objs
