from django import template
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse

from masthead.comments import cache_tags
from masthead.comments.display import comment_context
from masthead.comments.text import linked_html
from masthead.pagecache import tags

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context):
    """The numbered thread and the "Leave a Reply" form under an article. A view that
    re-shows a refused post puts the bound form in the context as `comment_form`."""
    article, request = context["page"], context["request"]
    tags.declare(request, cache_tags.thread(article.pk))
    data = comment_context(article, request, form=context.get("comment_form"))
    data.update(
        article=article,
        request=request,
        comment_form_message=context.get("comment_form_message"),
        feed_url=reverse("comments:article_feed", args=[article.pk]) if article.pk else "",
    )
    return data


@register.simple_tag
def comment_feed_link(article):
    """<link rel="alternate"> for an article's comment feed, for the page's <head>."""
    from django.utils.html import format_html

    if not article.pk:  # the editor's preview of a page not saved yet
        return ""
    return format_html('<link rel="alternate" type="application/rss+xml" title="Comments on {}" href="{}">', article.title, reverse("comments:article_feed", args=[article.pk]))


@register.filter(is_safe=True)
def comment_html(body):
    """A comment's text as the page shows it: `body|urlize|linebreaks`, the same HTML, with
    urlize skipped when the text holds nothing it would link (comments/text.py)."""
    return linebreaks_filter(linked_html(body), autoescape=True)
