"""Approved-comment counts for lists of articles, in one query."""

from django.db.models import Count

from masthead.comments.models import Comment


def approved_comment_counts(article_ids) -> dict[int, int]:
    rows = (
        Comment.objects.filter(article_id__in=article_ids, status=Comment.Status.APPROVED)
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
    )
    return {row["article_id"]: row["n"] for row in rows}
