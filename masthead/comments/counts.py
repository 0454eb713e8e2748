"""Approved-comment counts for lists of articles, in one query, and the "3 comments" link
each listing shows (registered with the news hub in apps.py)."""

from django.db.models import Count
from django.template.defaultfilters import pluralize
from django.utils.html import format_html

from masthead.comments.models import Comment


def approved_comment_counts(article_ids) -> dict[int, int]:
    rows = (
        Comment.objects.filter(article_id__in=article_ids, status=Comment.Status.APPROVED)
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
    )
    return {row["article_id"]: row["n"] for row in rows}


def teaser_comment_links(teasers) -> dict:
    counts = approved_comment_counts([t.article.pk for t in teasers])
    return {
        t.article.pk: format_html('<a href="{}#comments">{} comment{}</a>', t.url, n, pluralize(n))
        for t in teasers
        for n in [counts.get(t.article.pk, 0)]
    }
