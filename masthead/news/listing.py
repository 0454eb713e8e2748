"""Lists of articles as readers see them: pages of a fixed size, each article with its
section, author, thumbnail and what feature apps add to its meta line (the comment count),
in a fixed number of queries whatever the page size (pinned by tests with assertNumQueries).
Which articles a listing may show is ArticlePage.objects.readable() (models.py).

Images are Wagtail renditions in two widths (srcset), named here once and fetched for the
whole page in one query; the templates ask for exactly these specs (a spec asked for but
not prefetched would cost a query per image, and the pinned counts would fail)."""

from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils.safestring import SafeString
from wagtail.images import get_image_model
from wagtail.models import Page

from masthead.news import cache_tags, hub
from masthead.pagecache import tags

ARTICLES_PER_PAGE = 15
# Rendition specs, as the templates spell them with {% srcset_image %} (3:2 thumbnails, a
# 16:9 lead, square author photos).
THUMBNAIL_SPECS = ("fill-320x213", "fill-640x427")
LEAD_SPECS = ("fill-640x360", "fill-960x540", "fill-1280x720")
PORTRAIT_SPECS = ("fill-160x160", "fill-320x320")
IMAGE_SPECS = THUMBNAIL_SPECS + LEAD_SPECS + PORTRAIT_SPECS


def prefetch_renditions(images) -> None:
    """One query for the listing renditions of all these images (none when there are none)."""
    images = [image for image in images if image is not None]
    if images:
        renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=IMAGE_SPECS)
        prefetch_related_objects(images, Prefetch("renditions", queryset=renditions))


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
    prefetch_renditions([article.lead_image for article in articles])
    meta = hub.teaser_meta(result)
    for teaser in result:
        teaser.extra_meta = meta.get(teaser.article.pk, teaser.extra_meta)
    return result
