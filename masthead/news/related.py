"""Related reading at the end of an article: 3–5 readable articles that share its tags, its
section or the words of its headline, never the article itself. Local only (the search
index and the tag table; no network, no model), in a fixed number of queries whatever the
site's size: one search over the headline's words, one for articles sharing tags, one for
the newest of the same section (pinned by news/tests/test_related.py and the article page's
query count). Each candidate is scored: 3 per shared tag, up to 2 for matching words by
search rank, 1 for the same section; ties go to the newer article.

The article page shows `related_reading()`: the same list as title, date, URL and section,
kept in the shared cache, because computing it was a quarter of an uncached article render
(bench/render.sh), and every purge of an article (each approved comment) re-renders it. The
list changes only when some page of the tree changes (any article may enter or leave it, a
section may be renamed), so it is kept under the version of the `articles` cache tag, which
every page-tree change purges (purges.py), the same versions the page cache keeps; and at
most CACHE_SECONDS, since an article dated in the future becomes readable with no event (the
listings' bound, cache_tags.LISTING_MAX_AGE). The page declares each article it lists
(`article:<id>`), so retitling, moving or unpublishing one of them purges the pages that show
it in their related reading; a comment on it does not (comments have their own tag).
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from masthead.news import cache_tags
from masthead.news.models import ArticlePage
from masthead.news.normalise import words
from masthead.pagecache import store
from masthead.pagecache import tags as page_tags

log = logging.getLogger("masthead.news")

COUNT = 4
CANDIDATES = 12
MAX_WORDS = 8
CACHE_SECONDS = cache_tags.LISTING_MAX_AGE
# Headline words that say nothing of the subject (normalised, so accents are gone).
STOPWORDS = {
    "about", "after", "again", "against", "also", "amid", "from", "have", "into", "more", "over",
    "says", "said", "than", "that", "their", "them", "they", "this", "were", "what", "when",
    "where", "which", "while", "will", "with", "video", "live", "update", "news",
    "الذي", "التي", "على", "الى", "في", "من", "عن", "بعد", "قبل",
}


@dataclass
class Related:
    article: ArticlePage
    url: str
    section_title: str
    score: float


def _with_section_title(queryset):
    # An article's section is its parent: the page whose path is the article's minus one step.
    parent = Page.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - ArticlePage.steplen))
    return queryset.annotate(section_title=Subquery(parent.values("title")[:1]))


def headline_words(article) -> list[str]:
    seen = []
    for word in words(article.title):
        if len(word) >= 4 and word not in STOPWORDS and word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def related_articles(article, request=None, tags=None, count=COUNT) -> list[Related]:
    """The `count` articles most related to `article` (fewer if the site has fewer)."""
    tag_ids = [tag.pk for tag in (tags if tags is not None else article.tags.all())]
    readable = ArticlePage.objects.readable().exclude(pk=article.pk)
    base = _with_section_title(readable.defer_streamfields())
    section_path = article.path[: -article.steplen]
    scores: dict[int, float] = {}
    found: dict[int, ArticlePage] = {}

    def add(candidate, points):
        found.setdefault(candidate.pk, candidate)
        scores[candidate.pk] = scores.get(candidate.pk, 0) + points

    terms = headline_words(article)
    if terms:
        # The search backend's filters may name only FilterFields: readable() as a subquery.
        searchable = _with_section_title(ArticlePage.objects.filter(pk__in=readable.values("pk")).defer_streamfields())
        for rank, candidate in enumerate(searchable.search(" ".join(terms), operator="or")[:CANDIDATES]):
            add(candidate, 2 * (CANDIDATES - rank) / CANDIDATES)
    if tag_ids:
        sharing = (
            base.filter(tagged_items__tag_id__in=tag_ids)
            .annotate(shared=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids)))
            .order_by("-shared", "-date", "-pk")[:CANDIDATES]
        )
        for candidate in sharing:
            add(candidate, 3 * candidate.shared)
    for candidate in base.filter(path__startswith=section_path).order_by("-date", "-pk")[: COUNT + 1]:
        add(candidate, 0)
    for pk, candidate in found.items():
        if candidate.path.startswith(section_path):
            scores[pk] += 1
    ranked = sorted(found.values(), key=lambda a: (scores[a.pk], a.date, a.pk), reverse=True)[:count]
    return [Related(article=a, url=a.get_url(request), section_title=a.section_title or "", score=scores[a.pk]) for a in ranked]


@dataclass(frozen=True)
class Shown:
    """One related article as the page shows it (news/includes/related_reading.html)."""

    pk: int
    url: str
    title: str
    date: datetime
    section_title: str


def related_reading(article, request=None, tags=None) -> list[Shown]:
    """related_articles() as the article page shows it, from the shared cache while no page
    of the tree has changed (see the module's docstring). Without the cache, computed. The
    request's page is declared to show each of them."""
    shown = _related_reading(article, request, tags)
    if request is not None:
        page_tags.declare(request, *(cache_tags.article(s.pk) for s in shown))
    return shown


def _related_reading(article, request, tags) -> list[Shown]:
    tags = list(tags if tags is not None else article.tags.all())
    host = request.get_host() if request is not None else ""
    what = (article.pk, article.title, article.path, sorted(t.pk for t in tags), host)
    key = "news:related:2:" + hashlib.sha1(repr(what).encode()).hexdigest()
    version_key = store.tag_key(cache_tags.ARTICLES)
    try:
        found = store.cache().get_many([key, version_key])
    except Exception:
        log.exception("cache unreachable; related reading computed")
        found = None
    version = found.get(version_key) if found is not None else None
    cached = found.get(key) if found is not None else None
    if cached is not None and version is not None and cached[0] == version:
        return cached[1]
    shown = [Shown(r.article.pk, r.url, r.article.title, r.article.date, r.section_title) for r in related_articles(article, request, tags)]
    try:
        if version is not None:  # read before the list: a change meanwhile makes it stale at once
            store.cache().set(key, (version, shown), timeout=CACHE_SECONDS)
        elif found is not None:  # no version yet (cache new or emptied): one for the next render
            store.versions_for_store([cache_tags.ARTICLES], store.generation())
    except Exception:
        log.exception("cache unreachable; related reading not kept")
    return shown
