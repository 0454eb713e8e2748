"""oEmbed for the site's own articles, so other sites can embed a card of a story:
GET /oembed/?url=<article URL>&format=json[&maxwidth=…] answers a `rich` oEmbed 1.0 object
whose HTML is an iframe of /embed/article/<id>/ (a small card: headline, standfirst, lead
image, date, site name, linking to the article). Article pages announce it with
<link rel="alternate" type="application/json+oembed"> (news/seo.py).

Only readable articles of this site are answered (404 otherwise: another host, an unknown
path, a draft, a future or restricted article); format=xml is 501 as the spec says; bad
sizes are 400. The card page may be framed by any site (it is made to be) and is public.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.views.decorators.clickjacking import xframe_options_exempt

from masthead.core.site import absolute_url, default_site, site_name
from masthead.news.models import ArticlePage

CARD_WIDTH = 560
CARD_HEIGHT = 200
MIN_WIDTH = 200
CACHE_SECONDS = 300


def _our_hosts() -> set[str]:
    hosts = {urlsplit(settings.BASE_URL).hostname or ""}
    return hosts | {h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"}


def article_for_url(url: str):
    """The readable article at `url` on this site, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or (parts.hostname or "") not in _our_hosts():
        return None
    site = default_site()
    if site is None:
        return None
    path = parts.path.strip("/")
    if not path or len(path) > 1000:
        return None
    url_path = site.root_page.url_path + path + "/"
    return ArticlePage.objects.readable().filter(url_path=url_path).select_related("author", "lead_image").first()


def _size(value, default):
    if value in (None, ""):
        return default
    if not value.isdigit() or len(value) > 5:
        raise ValueError
    return int(value)


def _public(response):
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def oembed(request):
    url = request.GET.get("url", "")
    if request.GET.get("format", "json") != "json":
        return HttpResponse("Only format=json is offered.", status=501, content_type="text/plain")
    try:
        width = min(_size(request.GET.get("maxwidth"), CARD_WIDTH), CARD_WIDTH)
        height = min(_size(request.GET.get("maxheight"), CARD_HEIGHT), CARD_HEIGHT)
    except ValueError:
        return HttpResponse("maxwidth and maxheight must be whole numbers of pixels.", status=400, content_type="text/plain")
    if width < MIN_WIDTH:
        return HttpResponse(f"The card needs at least {MIN_WIDTH} pixels of width.", status=400, content_type="text/plain")
    article = article_for_url(url)
    if article is None:
        raise Http404("No article of this site at that URL.")
    card = absolute_url(reverse("article_card", args=[article.pk]))
    data = {
        "version": "1.0",
        "type": "rich",
        "title": article.title,
        "provider_name": site_name(),
        "provider_url": absolute_url("/"),
        "width": width,
        "height": height,
        "cache_age": CACHE_SECONDS,
        "html": (
            f'<iframe src="{escape(card)}" width="{width}" height="{height}" title="{escape(article.title)}" '
            f'style="border:1px solid #dcdcdc;border-radius:4px;max-width:100%" loading="lazy" '
            f'sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"></iframe>'
        ),
    }
    if article.author_id:
        data["author_name"] = article.author.name
    rendition = article.lead_rendition("fill-480x270")
    if rendition is not None:
        data.update(thumbnail_url=absolute_url(rendition.url), thumbnail_width=rendition.width, thumbnail_height=rendition.height)
    return _public(JsonResponse(data, json_dumps_params={"ensure_ascii": False}))


@xframe_options_exempt
def article_card(request, article_id):
    if article_id >= 2**63:
        raise Http404("No such article.")
    article = ArticlePage.objects.readable().filter(pk=article_id).select_related("lead_image").first()
    if article is None:
        raise Http404("No such article.")
    return _public(render(request, "news/article_card.html", {
        "article": article, "url": absolute_url(article.url), "site_name": site_name(),
        "rendition": article.lead_rendition("fill-160x160"),
    }))
