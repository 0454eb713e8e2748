"""Reader comments and the record of every moderation decision.

`Comment.status` alone decides visibility: only APPROVED comments are public. Every change
of status is a `ModerationEvent` row written by comments/actions.py, with the actor (None
for the automatic pipeline), the transition and the reason, so a moderator can always see
why a comment is where it is. A moderator's change of the text is a `CommentEdit` row.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

ERASED_TEXT = "[deleted]"


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REJECTED = "rejected", "Rejected"

    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="comments")
    # A reply belongs to the same article as its parent (enforced by forms.CommentForm).
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    # The top-level comment of the thread (None for a top-level comment itself): a page of
    # threads is loaded in one query by `root IN (page of top-level ids)`.
    root = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField(default=1)  # 1 for top-level, parent's + 1 for a reply
    author_name = models.CharField(max_length=100)
    # Private: never rendered in public output. Stored lower-cased, so "known commenter"
    # lookups are exact matches on an index. Empty once the reader erased their comments.
    author_email = models.EmailField(max_length=254, db_index=True, blank=True)
    author_url = models.URLField(max_length=200, blank=True)
    body = models.TextField()
    # sha1 of the normalised body (text.fingerprint): the duplicate check's index.
    body_hash = models.CharField(max_length=40, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The decisive verdict's reason ("held: first comment from this email") and code, and
    # every verdict the pipeline returned, as [{"check", "action", "reason", "code"}, …].
    moderation_reason = models.CharField(max_length=300, blank=True)
    moderation_code = models.CharField(max_length=40, blank=True)
    verdicts = models.JSONField(default=list, blank=True)
    # " code1 code2 " of every verdict, so the queue can filter on any of them everywhere.
    verdict_codes = models.CharField(max_length=300, blank=True, db_index=True)
    # The learned classifier's probability of spam at submission and the tokens that drove
    # it, [[token, weight], …]; None when the classifier had not learned enough yet.
    spam_score = models.FloatField(null=True, blank=True)
    spam_tokens = models.JSONField(default=list, blank=True)
    # What the classifier last learned this comment as ("ham", "spam" or ""), so a changed
    # decision un-learns the old label before learning the new one.
    trained_as = models.CharField(max_length=4, blank=True)
    # Reports not yet dealt with by a moderator; the Reported tab lists comments with any.
    open_reports = models.PositiveIntegerField(default=0)
    # Removed (with the IP) after the retention period by housekeeping.purge_old_ip_addresses.
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)  # first decision by a person
    edited_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)  # the reader asked to erase it
    moderators_notified_at = models.DateTimeField(null=True, blank=True)  # held-comment mail sent
    reply_notified_at = models.DateTimeField(null=True, blank=True)  # parent's author told of this reply

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comments_thread"),
            models.Index(fields=["status", "created_at"], name="comments_queue"),
            models.Index(fields=["root", "created_at"], name="comments_root"),
            models.Index(fields=["article", "parent", "status", "created_at"], name="comments_top_level"),
            models.Index(fields=["open_reports"], name="comments_reported"),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.article_id}: {self.body[:40]}"

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class ModerationEvent(models.Model):
    class Action(models.TextChoices):
        SUBMITTED = "submitted", "submitted"
        IMPORTED = "imported", "imported"
        APPROVE = "approve", "approved"
        HOLD = "hold", "sent back to pending"
        REJECT = "reject", "rejected"
        SPAM = "spam", "marked as spam"
        REPORT = "report", "reported by a reader"
        DISMISS_REPORTS = "dismiss_reports", "reports dismissed"
        EDIT = "edit", "text edited"
        BAN = "ban", "commenter banned"
        ERASE = "erase", "erased at the reader's request"

    # A moderator's decision on a comment, counted by the dashboard's time to decision.
    DECISIONS = (Action.APPROVE, Action.REJECT, Action.SPAM)

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # None: the automatic moderation pipeline, or the reader (reports, erasure)
    action = models.CharField(max_length=30, choices=Action.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["action", "created_at"], name="comments_event_action")]

    def __str__(self):
        who = self.actor or "pipeline"
        return f"{who}: {self.action} {self.from_status or '∅'} → {self.to_status}"


class CommentEdit(models.Model):
    """A moderator's change to a comment's text: who, when, before and after."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="edits")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    old_body = models.TextField()
    new_body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
