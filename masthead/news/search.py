"""Search over the articles a reader may see: /search/?q=…&section=…&since=…&until=…&page=…

Wagtail's database backend does the matching and ranking (SQLite FTS5 on the embedded
default, PostgreSQL full-text search with DATABASE_URL). What it is given is cleaned here:
the query goes through news/normalise.py exactly as the indexed text did (ArticlePage's
NormalisedSearchField), and only its words are kept, so quotes, operators, `*`, NUL bytes
and other syntax never reach the backend's query language; a query too long, or filters
that do not parse, get a 400 with a sentence, never a 500.

Results are ranked (all words must match; "no results" offers the any-word search and
dropping filters), with the matching words marked in a snippet of the text. The page is the
same for every reader and is sent `Cache-Control: public, max-age=60`, so a CDN can absorb a
burst of the same search, and carries `noindex` for robots.
"""

import re
from datetime import datetime, time, timedelta
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.db import connection
from django.db.models import BooleanField, CharField, Exists, ExpressionWrapper, F, Func, IntegerField, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from masthead.news.listing import teasers
from masthead.news.models import ArticlePage, SectionPage
from masthead.news.normalise import normalise, words

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
RESULTS_PER_PAGE = 10
SNIPPET_WORDS = 36
CACHE_SECONDS = 60
LOOKUP_EACH_UP_TO = 1000  # up to this many full-text matches, all are ranked (RankedResults)
CANDIDATES = 200  # beyond it, the newest this many readable matches are ranked

# A word as written in the text, with the marks (Arabic harakat, Latin combining accents,
# Cyrillic, Hebrew points) and joiners that `\w` alone would split it at.
_TEXT_WORD = re.compile(
    r"(?:\w|[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    r"\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u200c\u200d])+"
)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True, max_length=MAX_QUERY_LENGTH, error_messages={
        "max_length": f"Search for at most {MAX_QUERY_LENGTH} characters.",
    })
    section = forms.SlugField(required=False, error_messages={"invalid": "Choose a section from the list."})
    since = forms.DateField(required=False, error_messages={"invalid": "Give the first date as YYYY-MM-DD."})
    until = forms.DateField(required=False, error_messages={"invalid": "Give the last date as YYYY-MM-DD."})
    any = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError("The first date is after the last date.")
        return data


def query_terms(query: str) -> list[str]:
    """The normalised words of a reader's query, at most MAX_TERMS of them."""
    return words(query)[:MAX_TERMS]


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def search_articles(terms: list[str], *, section=None, since=None, until=None, any_word=False):
    """Readable articles matching `terms` (normalised words), best first: a RankedResults
    (count + slices) on SQLite FTS5 and PostgreSQL, Wagtail's own results elsewhere."""
    articles = ArticlePage.objects.readable()
    if section is not None:
        articles = articles.child_of(section)
    if since:
        articles = articles.filter(date__gte=_day_start(since))
    if until:
        articles = articles.filter(date__lt=_day_start(until + timedelta(days=1)))
    if connection.vendor in ("sqlite", "postgresql"):
        return RankedResults(terms, articles, any_word)
    # Wagtail's own search may filter on the model's FilterFields only: readable() and the
    # filters become a subquery on the primary key.
    articles = ArticlePage.objects.filter(pk__in=articles.values("pk"))
    return articles.search(" ".join(terms), operator="or" if any_word else "and")


def _index_entry_model():
    """The model of Wagtail's search index rows (modelsearch, configured by Wagtail)."""
    from modelsearch.conf import get_app_config

    return get_app_config().get_model("IndexEntry")


class RankedResults:
    """Ranked matches read from Wagtail's search index, instead of Wagtail's database
    backend's relevance ordering, which scores every matching row with a correlated subquery
    that repeats the full-text match per row (seconds over 20,000 articles for a common
    word). Same index, same normalised text. Order: articles whose title holds every word
    of the query first (with `any_word` too), then by relevance, where the title counts
    twice the body (SQLite bm25 column weights; PostgreSQL ts_rank), then newest index row.
    Works with Django's Paginator (count, slicing).

    How many rows the words match in the full-text index alone (one cheap query, capped)
    decides the plan:
    - up to LOOKUP_EACH_UP_TO: every match is ranked, each checked for readability by its
      primary key, and counted exactly (a rare word in an old article is always found);
    - more: only the CANDIDATES newest readable matches (by the article's date, the filters
      applied in the same query) are ranked, and `more` says so. Ranking is the cost of a
      common word (bm25 or ts_rank over 20,000 matches: 90 ms to 1 s), so a word in most of
      the archive ranks its newest articles; the page says so and the date filter reaches
      older ones (docs/operations.md, "Feeds, search and search engines")."""

    def __init__(self, terms, articles, any_word):
        from django.contrib.contenttypes.models import ContentType

        self.content_type_id = ContentType.objects.get_for_model(ArticlePage).pk
        self.articles = articles.order_by()
        self.table = _index_entry_model()._meta.db_table  # Wagtail's: wagtailsearch_indexentry
        self.more = False
        self._matched = self._candidates = None
        if connection.vendor == "sqlite":
            # Every term is a run of word characters (query_terms), so quoting is enough; the
            # last one is a prefix, as in Wagtail's SQLite backend ("syri" finds Syria).
            def words(joiner):
                return "(" + joiner.join(f'"{term}"' for term in terms) + "*)"

            self.match = "{title body} : " + words(" OR " if any_word else " AND ")
            self.title_match = "{title} : " + words(" AND ")
        else:
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField

            queries = [SearchQuery(term, search_type="plain") for term in terms]
            query = every = queries[0]
            for other in queries[1:]:
                query = (query | other) if any_word else (query & other)
                every = every & other
            # Every word may be in the title or the body: match the two vectors joined, the
            # expression news/migrations/0004 indexes (GIN).
            document = Func(F("title"), F("body"), function="", arg_joiner=" || ", output_field=SearchVectorField())
            self.entries = (
                _index_entry_model().objects.filter(content_type_id=self.content_type_id)
                .annotate(document=document).filter(document=query)
            )
            self.rank = SearchRank(F("title"), query) * 2 + SearchRank(F("body"), query)
            self.title_hit = ExpressionWrapper(Q(title=every), output_field=BooleanField())

    def _full_text_matches(self):
        """Rows the words match in the index alone, up to LOOKUP_EACH_UP_TO + 1."""
        if self._matched is None:
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM (SELECT 1 FROM {self.table}_fts WHERE {self.table}_fts MATCH %s LIMIT %s)",
                        [self.match, LOOKUP_EACH_UP_TO + 1])
                    self._matched = cursor.fetchone()[0]
            else:
                self._matched = self.entries[:LOOKUP_EACH_UP_TO + 1].count()
        return self._matched

    def _few(self):
        return self._full_text_matches() <= LOOKUP_EACH_UP_TO

    # Few matches: all ranked, each checked for readability by its primary key.

    def _sqlite(self, select, tail="", extra=()):
        each, params = self.articles.filter(pk=RawSQL("CAST(e.object_id AS INTEGER)", [])).values("pk").query.sql_with_params()
        table = self.table
        sql = (
            # CROSS JOIN keeps SQLite from reordering: the full-text match runs once, first,
            # instead of once per readable article (seconds on a large archive).
            f"SELECT {select} FROM {table}_fts CROSS JOIN {table} e ON e.id = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH %s AND e.content_type_id = %s AND EXISTS ({each}) {tail}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match, self.content_type_id, *params, *extra])
            return cursor.fetchall()

    def _readable_entries(self):
        # Each match looked up by its primary key, as on SQLite (a list of every readable
        # article's key costs a pass over the archive: 35 ms at 20,000).
        return self.entries.filter(Exists(self.articles.filter(pk=Cast(OuterRef("object_id"), IntegerField()))))

    def _sqlite_order(self, rowid):
        """ORDER BY on SQLite (its parameter: self.title_match): a title that holds every
        word first, then bm25 with weights per FTS column (autocomplete, body, title; lower is
        better). bm25 alone would not put the title first for a word in most articles: its
        IDF is then ~0, and a body that repeats the word outscores the headline."""
        fts = f"{self.table}_fts"
        return (f"ORDER BY {rowid} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s) DESC, "
                f"bm25({fts}, 0.0, 1.0, 2.0), {rowid} DESC")

    def _few_ids(self, start, stop):
        if connection.vendor == "sqlite":
            rows = self._sqlite("e.object_id", self._sqlite_order("e.id") + " LIMIT %s OFFSET %s",
                                (self.title_match, stop - start, start))
            return [int(row[0]) for row in rows]
        ranked = self._readable_entries().annotate(title_hit=self.title_hit, rank=self.rank).order_by("-title_hit", "-rank", "-id")
        return [int(pk) for pk in ranked.values_list("object_id", flat=True)[start:stop]]

    # Many matches: the newest CANDIDATES readable ones, ranked.

    def _ranked_candidates(self):
        if self._candidates is None:
            if connection.vendor == "sqlite":
                newest = self._sqlite_newest()
                self.more = len(newest) > CANDIDATES
                entries = [entry for _, entry in newest[:CANDIDATES]]
                fts = f"{self.table}_fts"
                with connection.cursor() as cursor:
                    # `+rowid`: SQLite would otherwise run the full-text query once per id.
                    cursor.execute(
                        f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s AND +rowid IN ({', '.join(['%s'] * len(entries))}) "
                        + self._sqlite_order("rowid"), [self.match, *entries, self.title_match])
                    order = {entry: i for i, (entry,) in enumerate(cursor.fetchall())}
                self._candidates = [pk for pk, entry in sorted(newest[:CANDIDATES], key=lambda row: order[row[1]])]
            else:
                # Each readable article, newest first, checked against its own index row (the
                # matches listed and joined cost a pass over them: 100 ms at 20,000).
                matching = self.entries.filter(object_id=Cast(OuterRef("pk"), CharField()))
                newest = list(self.articles.filter(Exists(matching)).order_by("-date", "-pk").values_list("pk", flat=True)[:CANDIDATES + 1])
                self.more = len(newest) > CANDIDATES
                ranked = (
                    _index_entry_model().objects.filter(content_type_id=self.content_type_id, object_id__in=[str(pk) for pk in newest[:CANDIDATES]])
                    .annotate(title_hit=self.title_hit, rank=self.rank).order_by("-title_hit", "-rank", "-id")
                    .values_list("object_id", flat=True)
                )
                self._candidates = [int(pk) for pk in ranked]
        return self._candidates

    def _sqlite_newest(self):
        """(article id, index entry id) of the CANDIDATES + 1 newest readable matches: the
        readable articles through the date index, each looked up in the index entries and
        checked against the full-text matches, listed once. `+e.id` keeps SQLite from using
        that list as an index key (one probe per match per article: seconds)."""
        entry = (f"SELECT e.id FROM {self.table} e WHERE e.content_type_id = %s "
                 f"AND e.object_id = CAST({ArticlePage._meta.db_table}.page_ptr_id AS TEXT)")
        matching = f"SELECT rowid FROM {self.table}_fts WHERE {self.table}_fts MATCH %s"
        rows = (
            self.articles
            .filter(RawSQL(f"EXISTS ({entry} AND +e.id IN ({matching}))", [self.content_type_id, self.match], output_field=BooleanField()))
            .annotate(entry=RawSQL(f"({entry})", [self.content_type_id]))
            .order_by("-date", "-pk").values_list("pk", "entry")[:CANDIDATES + 1]
        )
        return list(rows)

    def count(self):
        if not self._few():
            return len(self._ranked_candidates())
        if connection.vendor == "sqlite":
            return self._sqlite("COUNT(*)")[0][0]
        return self._readable_entries().count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("RankedResults only slices")
        start, stop = key.start or 0, key.stop
        ids = self._few_ids(start, stop) if self._few() else self._ranked_candidates()[start:stop]
        by_id = {a.pk: a for a in ArticlePage.objects.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]


@lru_cache(maxsize=65536)
def _normal_word(word: str) -> str:
    return normalise(word)


def _matches(word: str, terms: set[str], prefix: str | None) -> bool:
    normal = _normal_word(word)
    return normal in terms or (prefix is not None and normal.startswith(prefix))


def highlight(text: str, terms: list[str], length: int | None = None) -> SafeString:
    """`text` escaped, with the words that match `terms` wrapped in <mark>; with `length`,
    only a window of that many words around the first match (… where cut)."""
    term_set = set(terms)
    # SQLite's backend treats the last word as a prefix ("syri" finds "Syria").
    prefix = terms[-1] if terms and len(terms[-1]) >= 3 else None
    spans = [m for m in _TEXT_WORD.finditer(text)]
    if not spans:
        return mark_safe(escape(text))
    start_word, end_word = 0, len(spans)
    if length is not None and len(spans) > length:
        # Only the window is marked, so only words up to the first match are compared
        # before it: a snippet of a long body costs its first match, not every word.
        first = next((i for i, m in enumerate(spans) if _matches(m.group(), term_set, prefix)), 0)
        start_word = max(0, first - length // 3)
        end_word = min(len(spans), start_word + length)
    begin = spans[start_word].start() if start_word else 0
    end = spans[end_word - 1].end() if end_word < len(spans) else len(text)
    out, position = [], begin
    for i in range(start_word, end_word):
        match = spans[i]
        if _matches(match.group(), term_set, prefix):
            out.append(escape(text[position:match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    out.append(escape(text[position:end]))
    html = "".join(out).strip()
    if begin > 0:
        html = "… " + html
    if end < len(text):
        html += " …"
    return mark_safe(html)


def article_text(article) -> str:
    """The standfirst and the body's text, as a snippet is cut from."""
    parts = [article.standfirst]
    parts.extend(str(text) for text in article.body.stream_block.get_searchable_content(article.body))
    return " ".join(part for part in parts if part)


@dataclass
class Result:
    teaser: object
    title: SafeString
    snippet: SafeString


def _bad_request(request, form, sections):
    errors = [error for field_errors in form.errors.values() for error in field_errors]
    response = render(request, "news/search.html", {
        "form": form, "sections": sections, "errors": errors, "query": request.GET.get("q", "")[:MAX_QUERY_LENGTH],
    }, status=400)
    return _public(response)


def _public(response):
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def search_view(request):
    sections = list(SectionPage.objects.live().public().order_by("path").only("title", "slug", "path", "depth"))
    params = request.GET.copy()
    # A NUL (`%00`) separates words like a space; Django's form would refuse the whole query.
    params.setlist("q", [value.replace("\x00", " ") for value in params.getlist("q")])
    form = SearchForm(params)
    if not form.is_valid():
        return _bad_request(request, form, sections)
    data = form.cleaned_data
    section = None
    if data["section"]:
        section = next((s for s in sections if s.slug == data["section"]), None)
        if section is None:
            form.add_error("section", "Choose a section from the list.")
            return _bad_request(request, form, sections)
    terms = query_terms(data["q"])
    context = {"form": form, "sections": sections, "query": data["q"], "section": section, "terms": terms}
    if terms:
        results = search_articles(terms, section=section, since=data["since"], until=data["until"], any_word=data["any"])
        paginator = Paginator(results, RESULTS_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            raise Http404("No such page of results.")
        hits = list(page_obj.object_list)
        context.update(
            page_obj=page_obj,
            results=[
                Result(teaser=t, title=highlight(t.article.title, terms), snippet=highlight(article_text(t.article), terms, SNIPPET_WORDS))
                for t in teasers(hits, request)
            ],
            count=paginator.count,
            # More matches than were ranked: only the newest are listed (RankedResults).
            more=getattr(results, "more", False),
        )
        base = {k: v for k, v in request.GET.items() if k != "page" and v}
        context["page_query"] = urlencode(base)
        if not hits:
            context["suggestions"] = _suggestions(base, data, terms)
    return _public(render(request, "news/search.html", context))


def _suggestions(base: dict, data: dict, terms: list[str]) -> list[dict]:
    """What to try when nothing matched: any of the words, or without the filters."""
    suggestions = []
    if len(terms) > 1 and not data["any"]:
        suggestions.append({"label": "Search for any of these words", "query": urlencode({**base, "any": "on"})})
    if data["section"] or data["since"] or data["until"]:
        suggestions.append({"label": "Search every section and date", "query": urlencode({"q": data["q"]})})
    if not suggestions:
        suggestions.append({"label": "Fewer or different words may find it", "query": ""})
    return suggestions
