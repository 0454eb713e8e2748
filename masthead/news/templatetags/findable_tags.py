"""Template tags that make pages findable and shareable: `{% findable_head %}` in base.html's
<head> (canonical, description, feeds, oEmbed, Open Graph, Twitter, JSON-LD: news/seo.py),
`{% share_links page %}` and `{% related_reading page %}` under an article (news/related.py)."""

from django import template

from masthead.news import related, seo

register = template.Library()


@register.inclusion_tag("news/includes/findable_head.html", takes_context=True)
def findable_head(context):
    return {"head": seo.head(context)}


@register.inclusion_tag("news/includes/share_links.html", takes_context=True)
def share_links(context, article):
    return {"links": seo.share_links(article, context.get("request"))}


@register.inclusion_tag("news/includes/related_reading.html", takes_context=True)
def related_reading(context, article):
    return {"related": related.related_reading(article, context.get("request"), tags=context.get("tags"))}
