"""What search engines, social sites and feed readers read in a page's <head>: the canonical
link, the description, feed autodiscovery, the oEmbed discovery link, Open Graph and Twitter
card tags, and JSON-LD (`NewsArticle` on an article, `Organization` + `WebSite` with its
search on the home page). Rendered by `{% findable_head %}` (templatetags/findable_tags.py)
from news/templates/news/includes/findable_head.html; every URL is absolute on BASE_URL
(masthead/core/site.py). Also the share links under an article: plain links, no script.

All values come from an allowlist of the article's public fields; the JSON-LD is escaped for
a <script> element (`<`, `>`, `&` as \\u escapes) so a headline cannot close it.
"""

import json
from urllib.parse import quote, urlencode

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from masthead.core.site import absolute_url, site_name
from masthead.news.feeds import feed_links
from masthead.news.models import ArticlePage, HomePage

LOGO = "masthead/logo.png"  # 512 × 512, the publisher logo in JSON-LD and the home page's card
LOGO_SIZE = 512
HEADLINE_MAX = 110  # Google truncates NewsArticle headlines past 110 characters

_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def published(article):
    """When the article went out: its displayed date; an undated draft in preview has none yet."""
    return article.date or timezone.now()


def json_ld(data: dict):
    """`data` as the body of a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=None).translate(_JSON_SCRIPT_ESCAPES))


def organization(request=None) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": site_name(request),
        "url": absolute_url("/"),
        "logo": {"@type": "ImageObject", "url": absolute_url(static(LOGO)), "width": LOGO_SIZE, "height": LOGO_SIZE},
    }


def article_json_ld(article, request, rendition=None) -> dict:
    url = absolute_url(article.get_url(request))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:HEADLINE_MAX],
        "datePublished": published(article).isoformat(),
        "dateModified": (article.modified or published(article)).isoformat(),
        "isAccessibleForFree": not article.view_restrictions(),
        "publisher": organization(request),
    }
    if article.summary:
        data["description"] = article.summary
    if article.author_id:
        # Google recommends author.url, the page that tells the author apart from namesakes.
        data["author"] = [{"@type": "Person", "name": article.author.name,
                           "url": absolute_url(article.author.get_absolute_url())}]
    else:
        data["author"] = [{"@type": "Organization", "name": site_name(request), "url": absolute_url("/")}]
    if rendition is not None:
        data["image"] = [absolute_url(rendition.url)]
    section = article.section
    if section is not None:
        data["articleSection"] = section.title
    return data


def head(context) -> dict:
    """The context of findable_head.html for the page being rendered."""
    request = context.get("request")
    page = context.get("page")
    name = site_name(request)
    head = {
        "site_name": name,
        "feeds": feed_links(name, page=page, tag=context.get("tag"), author=context.get("author")),
        "canonical": None,
        "description": "",
        "og": [],
        "twitter": [],
        "json_ld": [],
    }
    if request is not None:
        canonical = absolute_url(page.get_url(request)) if page is not None and hasattr(page, "get_url") else absolute_url(request.path)
        page_obj = context.get("page_obj")
        if page_obj is not None and getattr(page_obj, "number", 1) > 1 and not context.get("query"):
            canonical += f"?page={page_obj.number}"
        head["canonical"] = canonical
    if isinstance(page, ArticlePage):
        rendition = context.get("lead_rendition")
        head["description"] = page.summary
        head["oembed"] = absolute_url(reverse("oembed") + "?" + urlencode({"url": head["canonical"], "format": "json"}))
        head["og"] = [
            ("og:type", "article"), ("og:site_name", name), ("og:title", page.title), ("og:url", head["canonical"]),
            ("og:description", page.summary), ("article:published_time", published(page).isoformat()),
            ("article:modified_time", (page.modified or published(page)).isoformat()),
        ]
        if page.section is not None:
            head["og"].append(("article:section", page.section.title))
        head["og"].extend(("article:tag", tag.name) for tag in context.get("tags", []))
        head["twitter"] = [("twitter:card", "summary_large_image" if rendition else "summary"),
                           ("twitter:title", page.title), ("twitter:description", page.summary)]
        if rendition is not None:
            image = absolute_url(rendition.url)
            head["og"] += [("og:image", image), ("og:image:width", str(rendition.width)),
                           ("og:image:height", str(rendition.height)), ("og:image:alt", rendition.alt)]
            head["twitter"] += [("twitter:image", image), ("twitter:image:alt", rendition.alt)]
        head["json_ld"].append(json_ld(article_json_ld(page, request, rendition)))
    elif isinstance(page, HomePage):
        head["description"] = f"{name}: independent news, funded by its readers."
        head["og"] = [("og:type", "website"), ("og:site_name", name), ("og:title", name),
                      ("og:url", head["canonical"]), ("og:image", absolute_url(static(LOGO)))]
        head["twitter"] = [("twitter:card", "summary"), ("twitter:title", name)]
        search_target = absolute_url(reverse("search")) + "?q={search_term_string}"
        head["json_ld"].append(json_ld({"@context": "https://schema.org", **organization(request)}))
        head["json_ld"].append(json_ld({
            "@context": "https://schema.org", "@type": "WebSite", "name": name, "url": absolute_url("/"),
            "potentialAction": {"@type": "SearchAction", "target": search_target,
                                "query-input": "required name=search_term_string"},
        }))
    elif page is not None and getattr(page, "search_description", ""):
        head["description"] = page.search_description
    elif page is not None and getattr(page, "intro", ""):
        head["description"] = page.intro
    return head


SHARE_TARGETS = [
    ("Email", "mailto:?{query}", lambda url, title: urlencode({"subject": title, "body": url}, quote_via=quote)),
    ("WhatsApp", "https://wa.me/?{query}", lambda url, title: urlencode({"text": f"{title} {url}"})),
    ("Telegram", "https://t.me/share/url?{query}", lambda url, title: urlencode({"url": url, "text": title})),
    ("X", "https://x.com/intent/post?{query}", lambda url, title: urlencode({"url": url, "text": title})),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?{query}", lambda url, title: urlencode({"u": url})),
    ("Bluesky", "https://bsky.app/intent/compose?{query}", lambda url, title: urlencode({"text": f"{title} {url}"})),
]


def share_links(article, request) -> list[dict]:
    """Plain links to each network's own share page: no script, no tracker, nothing loaded
    from a third party until the reader clicks."""
    url = absolute_url(article.get_url(request))
    return [{"label": label, "href": pattern.format(query=build(url, article.title))} for label, pattern, build in SHARE_TARGETS]
