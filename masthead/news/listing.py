"""Lists of articles as readers see them: pages of a fixed size, each article with its
section and what feature apps add to its meta line (the comment count), in a fixed number
of queries whatever the page size (pinned by tests with assertNumQueries). Which articles
a listing may show is ArticlePage.objects.readable() (models.py)."""

from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils.safestring import SafeString
from wagtail.models import Page

from masthead.news import cache_tags, hub
from masthead.pagecache import tags

ARTICLES_PER_PAGE = 15


def paginate(queryset, request, per_page=ARTICLES_PER_PAGE):
    """The page of `queryset` named by ?page=; a page past the end is a 404, as in WordPress."""
    paginator = Paginator(queryset, per_page, allow_empty_first_page=True)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page of articles.")


@dataclass
class Teaser:
    article: object
    url: str
    section_title: str
    section_url: str
    extra_meta: SafeString = SafeString("")  # " · 3 comments", from the feature apps (hub.py)


def teasers(articles, request) -> list[Teaser]:
    """Wrap a page of articles with their section and the feature apps' meta: one query for
    the sections, plus one per feature app for the whole page."""
    articles = list(articles)
    if not articles:
        return []
    parent_paths = {a.path[: -a.steplen] for a in articles}
    sections = {s.path: s for s in Page.objects.filter(path__in=parent_paths).only("title", "url_path", "path", "depth")}
    result = []
    for article in articles:
        section = sections.get(article.path[: -article.steplen])
        result.append(
            Teaser(
                article=article,
                url=article.get_url(request),
                section_title=section.title if section else "",
                section_url=section.get_url(request) if section else "",
            )
        )
    # The page cache: this listing shows these articles, and counts that are not purged per
    # event (cache_tags.LISTING_MAX_AGE).
    tags.declare(request, *(cache_tags.article(a.pk) for a in articles), max_age=cache_tags.LISTING_MAX_AGE)
    meta = hub.teaser_meta(result)
    for teaser in result:
        teaser.extra_meta = meta.get(teaser.article.pk, teaser.extra_meta)
    return result
