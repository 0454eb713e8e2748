"""Background work for comments, through django-tasks (immediate in tests, the database
queue by default, RQ on Redis): mail and the classifier's learning, queued by actions.py
once its transaction has committed. The hourly housekeeping is in housekeeping.py.

Each task is idempotent: it claims its rows with a conditional UPDATE before mailing, so a
task run twice sends nothing twice.
"""

import logging

from django.utils import timezone
from django_tasks import task

log = logging.getLogger("masthead.comments")


@task()
def send_reply_notification(reply_id: int) -> bool:
    from masthead.comments import notifications
    from masthead.comments.models import Comment, ReplySubscription

    reply = Comment.objects.select_related("article", "parent").filter(pk=reply_id).first()
    if reply is None or reply.status != Comment.Status.APPROVED or reply.parent is None:
        return False
    subscription = ReplySubscription.objects.filter(comment_id=reply.parent_id).first()
    if subscription is None or not subscription.active or subscription.email == reply.author_email:
        return False
    if not Comment.objects.filter(pk=reply.pk, reply_notified_at__isnull=True).update(reply_notified_at=timezone.now()):
        return False  # already sent
    notifications.reply_notification(reply, subscription).send()
    return True


@task()
def send_subscription_confirmation(subscription_id: int) -> bool:
    from masthead.comments import notifications
    from masthead.comments.models import ReplySubscription

    subscription = ReplySubscription.objects.select_related("comment__article").filter(pk=subscription_id, confirmed_at__isnull=True).first()
    if subscription is None:
        return False
    notifications.subscription_confirmation(subscription).send()
    return True


@task()
def send_privacy_link(email: str) -> bool:
    from masthead.comments import notifications

    message = notifications.privacy_link(email)
    if message is None:
        return False  # the reader was told "if there are comments"; nothing to send
    message.send()
    return True


def _claim_unnotified(ids=None) -> list:
    from masthead.comments.models import Comment

    pending = Comment.objects.filter(status=Comment.Status.PENDING, moderators_notified_at__isnull=True)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    claimed = list(pending.values_list("pk", flat=True)[:500])
    now = timezone.now()
    Comment.objects.filter(pk__in=claimed, moderators_notified_at__isnull=True).update(moderators_notified_at=now)
    return list(Comment.objects.filter(pk__in=claimed, moderators_notified_at=now).select_related("article").order_by("created_at"))


@task()
def notify_moderators(comment_id: int) -> bool:
    """Immediate mode: one message per held comment."""
    from masthead.comments import notifications
    from masthead.comments.policy import current_policy

    policy = current_policy()
    if policy.moderator_notifications != "immediate":
        return False
    recipients = notifications.moderator_addresses(policy.moderator_addresses())
    claimed = _claim_unnotified([comment_id]) if recipients else []
    for comment in claimed:
        notifications.held_comment(comment, recipients).send()
    return bool(claimed)


@task()
def send_moderation_digest() -> int:
    """Hourly mode: one message listing every held comment not yet notified."""
    from masthead.comments import notifications
    from masthead.comments.policy import current_policy

    policy = current_policy()
    if policy.moderator_notifications != "hourly":
        return 0
    recipients = notifications.moderator_addresses(policy.moderator_addresses())
    if not recipients:
        return 0
    claimed = _claim_unnotified()
    if claimed:
        notifications.held_digest(claimed, recipients).send()
    return len(claimed)


@task()
def learn_from_decisions(comment_ids: list) -> int:
    """Teach the classifier what moderators decided about these comments: each comment
    un-learns the label it was trained with and learns its current one."""
    from masthead.comments.classifier import Document, get_classifier, label_for
    from masthead.comments.models import Comment

    changes, updates = [], []
    for comment in Comment.objects.filter(pk__in=comment_ids):
        label = label_for(comment)
        if label != comment.trained_as:
            changes.append((Document.of(comment), comment.trained_as, label))
            updates.append((comment.pk, label))
    if changes:
        get_classifier().learn(changes)
        for pk, label in updates:
            Comment.objects.filter(pk=pk).update(trained_as=label)
    return len(changes)


@task()
def retrain_classifier() -> dict:
    """Rebuild the classifier from every decision moderators ever made."""
    from masthead.comments.classifier import Document, get_classifier, label_for
    from masthead.comments.models import Comment

    examples = []
    decided = Comment.objects.filter(decided_at__isnull=False, erased_at__isnull=True)
    for comment in decided.filter(status__in=["approved", "spam"]).iterator(chunk_size=1000):
        examples.append((Document.of(comment), label_for(comment)))
    get_classifier().rebuild(examples)
    # trained_as follows label_for(): approved → ham, spam → spam, only a person's decision.
    Comment.objects.exclude(trained_as="").update(trained_as="")
    decided.filter(status="approved").update(trained_as="ham")
    decided.filter(status="spam").update(trained_as="spam")
    return {"ham": sum(1 for _, label in examples if label == "ham"), "spam": sum(1 for _, label in examples if label == "spam")}
