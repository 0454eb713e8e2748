"""Built-in moderation checks (see moderation.py for the contract). Each is listed by dotted
path in MASTHEAD_COMMENT_CHECKS and tested on its own in tests/test_checks.py."""

from masthead.comments.moderation import HOLD, Verdict


def first_comment_from_email(comment, context):
    """Hold a comment unless its author's email already has an approved comment (WordPress's
    "comment author must have a previously approved comment")."""
    from masthead.comments.models import Comment

    known = Comment.objects.filter(author_email=comment.author_email, status=Comment.Status.APPROVED).exists()
    if known:
        return None
    return Verdict(HOLD, "held: first comment from this email address", "first_comment")
