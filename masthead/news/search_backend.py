"""Wagtail's database search backend, with an index update on publish that costs the
article's own row, not the whole index (WAGTAILSEARCH_BACKENDS in settings.py).

After every insert, Wagtail's SQLite and PostgreSQL indexes refresh `title_norm` (the
average title length over the length of this title, a weight its own relevance ordering,
the admin's page search, gives titles): an AVG(LENGTH(title)) over every index row, then an
UPDATE of every row whose norm is still 1.0, both full scans: 0.3–0.6 s at 20,000 articles,
nearly all of a publish. Here the rows just written get their norm from the average title
length of the newest TITLE_NORM_SAMPLE rows (an index range scan, a few milliseconds), and
only they are updated. `update_index` (Wagtail's rebuilder) still recomputes every row's
norm from the exact average. Reader search (news/search.py) ranks with bm25 / ts_rank over
the title and body columns and never reads `title_norm`.

On PostgreSQL, adding many objects (the WordPress import's batches) reads each object's
search fields once and lets the server make the vectors from the texts (ServerSideVectors):
Wagtail's index reads every field once per column it fills (five times; the article body's
conversion to text each time) and compiles a vector expression per object, together about
a fifth of the import's time there. The stored rows are the same as Wagtail's.

Any other database, or SQLite without FTS5, gets Wagtail's backend unchanged.
"""

from functools import cache

from django.db import connection
from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.backends import database
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.utils import get_content_type_pk

TITLE_NORM_SAMPLE = 1000  # newest index rows whose mean title length stands for the whole index's


class IncrementalTitleNorms:
    """Mixed into Wagtail's SQLiteIndex / PostgresIndex (both keep their rows in `self.entries`)."""

    def add_items(self, model, objs):
        objs = list(objs)
        super().add_items(model, objs)  # calls _refresh_title_norms(), a no-op below
        self.set_title_norms(model, objs)

    def _refresh_title_norms(self, full=False):
        if full:  # the rebuilder's, once per `update_index`
            super()._refresh_title_norms(full=True)

    def set_title_norms(self, model, objs):
        """Wagtail's `title_norm = lavg / length(title)` for the rows of `objs` only, with
        lavg the mean title length of the newest TITLE_NORM_SAMPLE rows."""
        if not objs or not model.get_search_fields():
            return
        titled = self.entries.annotate(title_length=Length("title")).filter(title_length__gt=0)
        newest = titled.order_by("-id").values("id")[:TITLE_NORM_SAMPLE]
        lavg = titled.filter(id__in=newest).aggregate(lavg=Avg("title_length"))["lavg"]
        if lavg is None:
            return
        titled.filter(content_type_id=get_content_type_pk(model), object_id__in=[str(obj.pk) for obj in objs]).update(
            title_norm=lavg / F("title_length")
        )


class ServerSideVectors:
    """Mixed into Wagtail's PostgresIndex (below IncrementalTitleNorms): `add_items` with
    each object's search fields read once, the texts sent as one array per field, and the
    server making each row's title, body and autocomplete vectors in one INSERT ... SELECT:
    `setweight(to_tsvector(config, text), weight)` per field joined with `||`, as Wagtail's
    SQL has it (an empty text adds nothing to a vector, so it needs no separate case).
    Models indexing related objects (RelatedFields: a number of texts that varies from one
    object to the next) take Wagtail's own add_items."""

    def add_items(self, model, objs):
        search_fields = model.get_search_fields()
        if not objs or not search_fields or any(isinstance(f, RelatedFields) for f in search_fields):
            return super().add_items(model, objs)
        from modelsearch.backends.database.postgres.postgres import IndexEntry, ObjectIndexer
        from modelsearch.backends.database.postgres.weights import get_weight

        searched = [f for f in search_fields if isinstance(f, SearchField)]
        title = [(f, get_weight(f.boost), self.backend.config) for f in searched if f.field_name == "title"]
        body = [(f, get_weight(f.boost), self.backend.config) for f in searched if f.field_name != "title"]
        autocomplete = [(f, "D", self.backend.autocomplete_config) for f in search_fields if isinstance(f, AutocompleteField)]
        columns = title + autocomplete + body  # the order of the vectors in the INSERT, f0, f1, … below
        body_start = len(title) + len(autocomplete)
        ids, title_texts, body_texts, texts = [], [], [], [[] for _ in columns]
        for obj in objs:
            indexer = ObjectIndexer(obj, self.backend)
            values = [indexer.prepare_value(f.get_value(obj)).strip() for f, _, _ in columns]
            ids.append(indexer.id)
            title_texts.append(" ".join(v for v in values[:len(title)] if v))
            body_texts.append(" ".join(v for v in values[body_start:] if v))
            for column, value in zip(texts, values):
                column.append(value)

        params, numbered = [get_content_type_pk(model)], iter(range(len(columns)))

        def vector(fields):
            if not fields:
                return "to_tsvector('')"  # Wagtail's EMPTY_VECTOR
            parts = []
            for _, weight, config in fields:
                params.extend([config] if config else [])
                parts.append(f"setweight(to_tsvector({'%s::regconfig, ' if config else ''}COALESCE(v.f{next(numbered)}, '')), '{weight}')")
            return " || ".join(parts)

        select = f"SELECT %s, v.id, {vector(title)}, {vector(autocomplete)}, {vector(body)}, 1.0, v.title_text, v.body_text"
        arrays = [ids, title_texts, body_texts, *texts]
        names = ", ".join(["id", "title_text", "body_text", *(f"f{i}" for i in range(len(columns)))])
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                {select} FROM UNNEST({", ".join(["%s::text[]"] * len(arrays))}) AS v({names})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body, title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text""",
                params + arrays,
            )
        self._refresh_title_norms()


@cache
def incremental(backend_class, *mixins):
    """`backend_class` (Wagtail's SQLite or PostgreSQL backend) with IncrementalTitleNorms
    (and `mixins`) in its index."""
    index_class = type(f"Incremental{backend_class.index_class.__name__}", (IncrementalTitleNorms, *mixins, backend_class.index_class), {})
    return type(f"Incremental{backend_class.__name__}", (backend_class,), {"index_class": index_class})


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    """The backend Wagtail would choose for this database, with incremental title norms
    where it is SQLite FTS5 or PostgreSQL. Each engine's module is imported only on its own
    database (Wagtail's SQLite module needs the FTS model, which exists only there)."""
    stock = database.SearchBackend(params)
    mixins = ()
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend as full_text
    elif connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend as full_text

        mixins = (ServerSideVectors,)
    else:
        return stock
    return incremental(full_text, *mixins)(params) if type(stock) is full_text else stock
