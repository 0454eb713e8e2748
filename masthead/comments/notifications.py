"""The mail comments send: reply notifications (with a one-click unsubscribe link and the
RFC 8058 List-Unsubscribe headers), subscription confirmations, privacy links, and held-
comment notices and digests for moderators. Messages are plain text from templates in
templates/comments/email/; comments/tasks.py sends them in the background."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from masthead.comments import signed_links
from masthead.core.site import absolute_url, site_name


def _message(template: str, to: list[str], context: dict, headers=None) -> EmailMessage:
    context = {"site_name": site_name(), **context}
    subject = render_to_string(f"comments/email/{template}_subject.txt", context).strip().replace("\n", " ")
    body = render_to_string(f"comments/email/{template}.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, headers=headers or {})


def comment_url(comment) -> str:
    return absolute_url(f"{comment.article.get_url()}#comment-{comment.pk}")


def reply_notification(reply, subscription) -> EmailMessage:
    unsubscribe = signed_links.unsubscribe_url(subscription)
    return _message(
        "reply",
        [subscription.email],
        {"reply": reply, "parent": reply.parent, "article": reply.article, "url": comment_url(reply), "unsubscribe_url": unsubscribe},
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def subscription_confirmation(subscription) -> EmailMessage:
    comment = subscription.comment
    return _message(
        "confirm",
        [subscription.email],
        {"comment": comment, "article": comment.article, "confirm_url": signed_links.confirm_url(subscription)},
    )


def privacy_link(email: str) -> EmailMessage | None:
    """None when the address has no comments."""
    url = signed_links.privacy_url(email)
    if url is None:
        return None
    return _message("privacy", [email], {"url": url, "hours": signed_links.PRIVACY_MAX_AGE // 3600})


def moderator_addresses(configured) -> list[str]:
    if configured:
        return list(configured)
    permission = Permission.objects.filter(codename="change_comment", content_type__app_label="comments").first()
    users = get_user_model().objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(user_permissions=permission) | Q(groups__permissions=permission)
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})


def queue_url() -> str:
    return absolute_url(reverse("comments_admin:queue"))


def held_comment(comment, to) -> EmailMessage:
    return _message("held", to, {"comment": comment, "article": comment.article, "queue_url": queue_url()})


def held_digest(comments, to) -> EmailMessage:
    return _message("digest", to, {"comments": comments, "count": len(comments), "queue_url": queue_url()})
