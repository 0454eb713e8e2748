"""Article feeds, RSS 2.0 and Atom, through Django's syndication framework (no XML by hand):
the whole site (/feed/), a section (/feed/section/<slug>/), a tag (/feed/tag/<slug>/) and an
author (/feed/author/<author id>/), each with an Atom twin at …/atom/.

- Items are ArticlePage.objects.readable(): no draft, future, private or protected article.
  Output is an allowlist: title, link, summary (or full content, MASTHEAD_FEED_CONTENT),
  dates, the author's *name*, tags, the lead image as an enclosure and Media RSS element,
  the lead video as a Media RSS player. No email is ever written (no *_author_email).
- GUIDs are `urn:uuid:<the page's translation key>`: stable across slug or section moves.
- Conditional GET: an ETag (a digest of the feed's items' ids, dates and count, and the
  settings that shape it) and Last-Modified (newest change among the items), answered 304;
  one aggregate query decides it. `Cache-Control: public, max-age=60`.
- WebSub: with MASTHEAD_WEBSUB_HUB set, each feed names the hub (`rel="hub"`) and itself
  (`rel="self"`); news/websub.py pings the hub when an article is published.

The author feed is keyed by the Author snippet's id, the key author pages can link with
`{% url "author_feed" author.pk %}`.
"""

import hashlib
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.views.decorators.http import condition
from taggit.models import Tag

from masthead.core.site import absolute_url, site_name
from masthead.news.models import ArticlePage, Author, SectionPage

ITEMS = 30
CACHE_SECONDS = 60
MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"

_RELATIVE = re.compile(r'(\s(?:src|href))="/(?!/)')


def full_content() -> bool:
    return settings.MASTHEAD_FEED_CONTENT == "full"


def _absolute_html(html: str) -> str:
    """Body HTML with its site-relative links and images made absolute (a feed reader has no base)."""
    return _RELATIVE.sub(lambda m: f'{m.group(1)}="{absolute_url("/")}', html)


class _MediaMixin:
    """Media RSS (lead image, lead video), full content, and the WebSub hub link."""

    def add_media(self, handler, item):
        image = item.get("lead_image")
        if image:
            handler.addQuickElement("media:content", None, {
                "url": image["url"], "medium": "image", "type": image["mime_type"],
                "width": str(image["width"]), "height": str(image["height"]),
            })
        video = item.get("lead_video")
        if video:
            handler.startElement("media:content", {"url": video.watch_url, "medium": "video"})
            handler.addQuickElement("media:player", None, {"url": video.embed_url})
            handler.endElement("media:content")


class ArticleRss(_MediaMixin, Rss201rev2Feed):
    def rss_attributes(self):
        attributes = super().rss_attributes()
        attributes["xmlns:media"] = MEDIA_NS
        attributes["xmlns:content"] = CONTENT_NS
        return attributes

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("hub"):
            handler.addQuickElement("atom:link", None, {"rel": "hub", "href": self.feed["hub"]})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])
        self.add_media(handler, item)


class ArticleAtom(_MediaMixin, Atom1Feed):
    def root_attributes(self):
        attributes = super().root_attributes()
        attributes["xmlns:media"] = MEDIA_NS
        return attributes

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("hub"):
            handler.addQuickElement("link", "", {"rel": "hub", "href": self.feed["hub"]})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})
        self.add_media(handler, item)


class SiteFeed(Feed):
    """The newest readable articles of the whole site. Subclasses narrow `articles(obj)`."""

    feed_type = ArticleRss
    url_name = "site_feed"

    def articles(self, obj):
        return ArticlePage.objects.readable()

    def url_args(self, obj):
        return []

    # conditional GET -----------------------------------------------------------------
    def _state(self, request, *args, **kwargs):
        """(etag, last modified) of this feed, once per request: one aggregate query."""
        if not hasattr(request, "_masthead_feed_state"):
            obj = self.get_object(request, *args, **kwargs)
            state = self.articles(obj).aggregate(
                count=Count("pk"), published=Max("last_published_at"), dated=Max("date"), newest=Max("pk"),
            )
            changed = max((d for d in (state["published"], state["dated"]) if d), default=None)
            key = "|".join(str(v) for v in (
                self.__class__.__name__, self.feed_type.__name__, state["count"], state["published"],
                state["dated"], state["newest"], settings.MASTHEAD_FEED_CONTENT, settings.MASTHEAD_WEBSUB_HUB,
            ))
            request._masthead_feed_state = (hashlib.sha256(key.encode()).hexdigest()[:32], changed)
        return request._masthead_feed_state

    def as_view(self):
        view = condition(
            etag_func=lambda request, *a, **kw: self._state(request, *a, **kw)[0],
            last_modified_func=lambda request, *a, **kw: self._state(request, *a, **kw)[1],
        )(self.serve)
        return view

    def serve(self, request, *args, **kwargs):
        response = self(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response

    # the channel -------------------------------------------------------------------
    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return site_name()

    def description(self, obj):
        return f"The latest articles from {site_name()}."

    def link(self, obj):
        return absolute_url("/")

    def feed_url(self, obj):
        return absolute_url(reverse(self.url_name, args=self.url_args(obj)))

    def feed_extra_kwargs(self, obj):
        return {"hub": settings.MASTHEAD_WEBSUB_HUB or None}

    def items(self, obj):
        return (
            self.articles(obj)
            .select_related("author", "lead_image")
            .prefetch_related("tagged_items__tag")
            .order_by("-date", "-pk")[:ITEMS]
        )

    # the items ---------------------------------------------------------------------
    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute_url(item.url)

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_key}"

    item_guid_is_permalink = False

    def item_description(self, item):
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.modified

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_author_link(self, item):
        return None

    def item_categories(self, item):
        return [tagged.tag.name for tagged in item.tagged_items.all()]

    def item_enclosures(self, item):
        rendition = item.lead_rendition()
        if rendition is None:
            return []
        return [Enclosure(absolute_url(rendition.url), str(_size(rendition)), _mime_type(rendition))]

    def item_extra_kwargs(self, item):
        extra = {"lead_video": item.lead_video()}
        rendition = item.lead_rendition()
        if rendition is not None:
            extra["lead_image"] = {
                "url": absolute_url(rendition.url), "width": rendition.width, "height": rendition.height,
                "mime_type": _mime_type(rendition),
            }
        if full_content():
            extra["content"] = _absolute_html(str(item.body))
        return extra


def _size(rendition) -> int:
    try:
        return rendition.file.size
    except (OSError, ValueError):
        return 0


def _mime_type(rendition) -> str:
    extension = rendition.file.name.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
            "webp": "image/webp", "avif": "image/avif"}.get(extension, "application/octet-stream")


class SectionFeed(SiteFeed):
    url_name = "section_feed"

    def get_object(self, request, slug):
        section = SectionPage.objects.live().public().filter(slug=slug).first()
        if section is None:
            raise Http404("No such section.")
        return section

    def url_args(self, obj):
        return [obj.slug]

    def articles(self, obj):
        return ArticlePage.objects.readable().child_of(obj)

    def title(self, obj):
        return f"{obj.title} · {site_name()}"

    def description(self, obj):
        return obj.intro or f"The latest articles in {obj.title}."

    def link(self, obj):
        return absolute_url(obj.url)


class TagFeed(SiteFeed):
    url_name = "tag_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def url_args(self, obj):
        return [obj.slug]

    def articles(self, obj):
        return ArticlePage.objects.readable().filter(tagged_items__tag=obj)

    def title(self, obj):
        return f"{obj.name} · {site_name()}"

    def description(self, obj):
        return f"The latest articles tagged {obj.name}."

    def link(self, obj):
        return absolute_url(reverse("tag_archive", args=[obj.slug]))


class AuthorFeed(SiteFeed):
    url_name = "author_feed"

    def get_object(self, request, author_id):
        if author_id >= 2**63:
            raise Http404("No such author.")
        return get_object_or_404(Author, pk=author_id)

    def url_args(self, obj):
        return [obj.pk]

    def articles(self, obj):
        return ArticlePage.objects.readable().filter(author=obj)

    def title(self, obj):
        return f"{obj.name} · {site_name()}"

    def description(self, obj):
        return f"The latest articles by {obj.name}."


def _atom(feed_class):
    return type(feed_class.__name__.replace("Feed", "AtomFeed"), (feed_class,), {
        "feed_type": ArticleAtom,
        "url_name": feed_class.url_name.replace("_feed", "_atom_feed"),
        "subtitle": feed_class.description,
    })


SiteAtomFeed = _atom(SiteFeed)
SectionAtomFeed = _atom(SectionFeed)
TagAtomFeed = _atom(TagFeed)
AuthorAtomFeed = _atom(AuthorFeed)


def feed_links(name: str, page=None, tag=None, author=None) -> list[dict]:
    """The feeds a page of the site called `name` announces with <link rel="alternate">: the
    site's, and the section's, tag's or author's it belongs to (the head tag, news/seo.py)."""
    links = [
        {"title": name, "type": "application/rss+xml", "href": reverse("site_feed")},
        {"title": f"{name} (Atom)", "type": "application/atom+xml", "href": reverse("site_atom_feed")},
    ]
    section = None
    if isinstance(page, SectionPage):
        section = page
    elif isinstance(page, ArticlePage):
        section = page.section
    if section is not None:
        links.append({"title": f"{section.title} · {name}", "type": "application/rss+xml",
                      "href": reverse("section_feed", args=[section.slug])})
    if tag is not None:
        links.append({"title": f"{tag.name} · {name}", "type": "application/rss+xml",
                      "href": reverse("tag_feed", args=[tag.slug])})
    if author is not None:
        links.append({"title": f"{author.name} · {name}", "type": "application/rss+xml",
                      "href": reverse("author_feed", args=[author.pk])})
    return links
