"""A reader's request to be told of replies to one of their comments. Double opt-in: mail
is sent only once `confirmed_at` is set, by the link in the confirmation message (or at once
when the same address confirmed before). Every notification carries a one-click signed
unsubscribe link that sets `unsubscribed_at`."""

from django.db import models
from django.utils import timezone


class ReplySubscription(models.Model):
    comment = models.OneToOneField("comments.Comment", on_delete=models.CASCADE, related_name="subscription")
    email = models.EmailField(max_length=254, db_index=True)  # private, lower-cased
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"replies to comment {self.comment_id}"

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None
