"""Every change to a comment's state. Views, the admin, commands, the importer and tests all
call these; each runs in one durable transaction and writes its ModerationEvent row."""

from django.db import transaction
from django.utils import timezone

from masthead.comments.models import Comment, ModerationEvent
from masthead.comments.moderation import APPROVE, HOLD, REJECT, SPAM, ModerationContext, moderate

STATUS_FOR_ACTION = {
    APPROVE: Comment.Status.APPROVED,
    HOLD: Comment.Status.PENDING,
    REJECT: Comment.Status.REJECTED,
    SPAM: Comment.Status.SPAM,
}


def do_submit_comment(
    *, article, parent, author_name, author_email, author_url, body, context: ModerationContext, created_at=None
) -> Comment:
    """Store a validated comment with the status the moderation pipeline gives it.
    `created_at` is for content that already has a date (demo, imports); default now."""
    comment = Comment(
        article=article,
        parent=parent,
        author_name=author_name,
        author_email=author_email.lower(),
        author_url=author_url,
        body=body,
        ip_address=context.ip_address,
        user_agent=context.user_agent[:300],
        created_at=created_at or timezone.now(),
    )
    decision = moderate(comment, context)
    comment.status = STATUS_FOR_ACTION[decision.action]
    comment.moderation_reason = decision.reason[:300]
    comment.verdicts = decision.verdicts
    with transaction.atomic(durable=True):
        comment.save()
        ModerationEvent.objects.create(
            comment=comment,
            actor=None,
            action="submitted",
            from_status="",
            to_status=comment.status,
            reason=comment.moderation_reason,
        )
    return comment


def do_set_status(comment: Comment, to_status: str, *, actor, reason: str = "") -> Comment:
    """A moderator (or the system, actor=None) moves a comment to `to_status`."""
    with transaction.atomic(durable=True):
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        from_status = locked.status
        if from_status == to_status:
            return locked
        locked.status = to_status
        locked.save(update_fields=["status"])
        ModerationEvent.objects.create(
            comment=locked,
            actor=actor,
            action={v: k for k, v in STATUS_FOR_ACTION.items()}[to_status],
            from_status=from_status,
            to_status=to_status,
            reason=reason[:300],
        )
    comment.status = to_status
    return locked


def do_approve(comment, *, actor, reason=""):
    return do_set_status(comment, Comment.Status.APPROVED, actor=actor, reason=reason)


def do_reject(comment, *, actor, reason=""):
    return do_set_status(comment, Comment.Status.REJECTED, actor=actor, reason=reason)


def do_mark_spam(comment, *, actor, reason=""):
    return do_set_status(comment, Comment.Status.SPAM, actor=actor, reason=reason)
