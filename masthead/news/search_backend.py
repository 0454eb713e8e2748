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

Any other database, or SQLite without FTS5, gets Wagtail's backend unchanged.
"""

from functools import cache

from django.db import connection
from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.backends import database
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


@cache
def incremental(backend_class):
    """`backend_class` (Wagtail's SQLite or PostgreSQL backend) with IncrementalTitleNorms
    in its index."""
    index_class = type(f"Incremental{backend_class.index_class.__name__}", (IncrementalTitleNorms, backend_class.index_class), {})
    return type(f"Incremental{backend_class.__name__}", (backend_class,), {"index_class": index_class})


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    """The backend Wagtail would choose for this database, with incremental title norms
    where it is SQLite FTS5 or PostgreSQL. Each engine's module is imported only on its own
    database (Wagtail's SQLite module needs the FTS model, which exists only there)."""
    stock = database.SearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend as full_text
    elif connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend as full_text
    else:
        return stock
    return incremental(full_text)(params) if type(stock) is full_text else stock
