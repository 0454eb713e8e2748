"""Reader comments and the record of every moderation decision.

`Comment.status` alone decides visibility: only APPROVED comments are public. Every change
of status is a `ModerationEvent` row written by comments/actions.py, with the actor (None
for the automatic pipeline), the transition and the reason, so a moderator can always see
why a comment is where it is.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REJECTED = "rejected", "Rejected"

    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="comments")
    # A reply belongs to the same article as its parent (enforced by forms.CommentForm).
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author_name = models.CharField(max_length=100)
    # Private: never rendered in public output. Stored lower-cased, so "known commenter"
    # lookups are exact matches on an index.
    author_email = models.EmailField(max_length=254, db_index=True)
    author_url = models.URLField(max_length=200, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The decisive verdict's reason ("held: first comment from this email") and every
    # verdict the pipeline returned, as [{"check", "action", "reason"}, …].
    moderation_reason = models.CharField(max_length=300, blank=True)
    verdicts = models.JSONField(default=list, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comments_thread"),
            models.Index(fields=["status", "created_at"], name="comments_queue"),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.article_id}: {self.body[:40]}"

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED


class ModerationEvent(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # None: the automatic moderation pipeline
    action = models.CharField(max_length=30)  # "submitted", "approve", "reject", "spam", "pending"
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        who = self.actor or "pipeline"
        return f"{who}: {self.action} {self.from_status or '∅'} → {self.to_status}"
