"""Readers' reports of a comment. A reader is known only by a keyed hash of their network
block (views.reporter_key: /24 IPv4, /64 IPv6), so each reader reports a comment at most once — enforced by
a unique constraint — without the reports table keeping anyone's address."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CommentReport(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse or harassment"
        HARMFUL = "harmful", "Harmful or illegal"
        OFF_TOPIC = "off_topic", "Off-topic"

    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    reporter_key = models.CharField(max_length=64)  # HMAC of the reader's network block
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a moderator decides on the comment; open reports count towards the hold.
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["comment", "reporter_key"], name="one_report_per_reader")]

    def __str__(self):
        return f"{self.get_reason_display()} report on comment {self.comment_id}"
