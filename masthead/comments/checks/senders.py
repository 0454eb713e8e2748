"""Checks on who sent the comment: the blocklist, and whether the address is known."""

from masthead.comments.moderation import HOLD, SPAM, Verdict, check
from masthead.comments.policy import blocked_reason, current_policy


@check("blocked", "blocked sender")
def blocked_sender(comment, context):
    """Emails, email domains, IP addresses and ranges moderators blocked (or banned from
    the queue) are spam."""
    reason = blocked_reason(comment.author_email, context.ip_address)
    if reason:
        return Verdict(SPAM, f"spam: blocked {reason}", "blocked")
    return None


@check("first_comment", "first comment")
def first_comment_from_email(comment, context):
    """Hold a comment unless its author already has enough approved comments under the same
    name AND email, as WordPress matches ("comment author must have a previously approved
    comment"): an email alone is easier to learn than the pair, and names are public."""
    from masthead.comments.models import Comment

    needed = current_policy().trusted_after
    if not needed:
        return None
    approved = (Comment.objects.filter(author_email=comment.author_email, author_name__iexact=comment.author_name.strip(),
                                       status=Comment.Status.APPROVED).values("pk")[:needed].count())
    if approved >= needed:
        return None
    if approved == 0:
        return Verdict(HOLD, "held: first comment from this name and email address", "first_comment")
    return Verdict(HOLD, f"held: {approved} approved comment{'s' if approved != 1 else ''} from this name and email address (trusted after {needed})", "first_comment")
