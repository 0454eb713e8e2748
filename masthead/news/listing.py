"""Lists of published articles as readers see them: which articles, in what order, in pages
of a fixed size, each with its section and comment count, in a fixed number of queries
whatever the page size (pinned by tests with assertNumQueries)."""

from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils import timezone

ARTICLES_PER_PAGE = 15


def published_articles():
    """Live articles whose date has come, newest first: the only ones any listing shows."""
    from masthead.news.models import ArticlePage

    return (
        ArticlePage.objects.live()
        .filter(date__lte=timezone.now())
        .defer_streamfields()
        .order_by("-date", "-pk")
    )


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
    comment_count: int


def teasers(articles, request) -> list[Teaser]:
    """Wrap a page of articles with their section and approved-comment count: two queries."""
    from masthead.comments.counts import approved_comment_counts
    from masthead.news.models import SectionPage

    articles = list(articles)
    if not articles:
        return []
    parent_paths = {a.path[: -a.steplen] for a in articles}
    sections = {s.path: s for s in SectionPage.objects.filter(path__in=parent_paths).only("title", "url_path", "path", "depth")}
    counts = approved_comment_counts([a.pk for a in articles])
    result = []
    for article in articles:
        section = sections.get(article.path[: -article.steplen])
        result.append(
            Teaser(
                article=article,
                url=article.get_url(request),
                section_title=section.title if section else "",
                section_url=section.get_url(request) if section else "",
                comment_count=counts.get(article.pk, 0),
            )
        )
    return result
