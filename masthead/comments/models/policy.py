"""The newsroom's settings for comments, edited in the Wagtail admin (Settings → Comments).

Every threshold the moderation pipeline and the thread use lives here, so a moderator can
change it without a deploy. Code never reads this model directly: comments/policy.py keeps a
cached snapshot (no query on a page render) that a save refreshes.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


def _share():
    return [MinValueValidator(0.0), MaxValueValidator(1.0)]


@register_setting(icon="comment")
class CommentSettings(BaseGenericSetting):
    class Order(models.TextChoices):
        OLDEST = "oldest", "Oldest first"
        NEWEST = "newest", "Newest first"

    class Notify(models.TextChoices):
        OFF = "off", "Never"
        IMMEDIATE = "immediate", "At once, one message per held comment"
        HOURLY = "hourly", "An hourly digest"

    # Readers
    thread_depth = models.PositiveSmallIntegerField(default=5, validators=[MinValueValidator(1), MaxValueValidator(10)], help_text="Deepest level of replies; a reply to the deepest level is placed beside it.")
    comments_per_page = models.PositiveSmallIntegerField(default=50, validators=[MinValueValidator(5), MaxValueValidator(500)], help_text="Top-level comments per page (with their replies).")
    default_order = models.CharField(max_length=6, choices=Order.choices, default=Order.OLDEST)
    close_after_days = models.PositiveIntegerField(default=0, help_text="Close comments this many days after an article's date. 0: never.")
    max_length = models.PositiveIntegerField(default=5000, validators=[MinValueValidator(100), MaxValueValidator(100_000)], help_text="Longest comment accepted, in characters.")
    report_threshold = models.PositiveSmallIntegerField(default=3, help_text="Hold a published comment for review after this many reader reports, counted one per network (/24 for IPv4, /64 for IPv6), not counting readers whose earlier reports moderators mostly dismissed. 0: never.")
    report_holds_moderator_approved = models.BooleanField(default=False, help_text="Reports may also hold a comment a moderator approved. Off: a moderator's approval stands until a moderator changes it; reports still show in the queue.")
    ip_retention_days = models.PositiveSmallIntegerField(default=30, validators=[MinValueValidator(1)], help_text="Days a commenter's IP address is kept, then removed.")

    # Checks
    min_fill_seconds = models.PositiveSmallIntegerField(default=3, help_text="A form posted sooner than this after the page loaded is spam. 0: off.")
    rate_limit_count = models.PositiveSmallIntegerField(default=5, help_text="Comments one IP address, or one email address, may post per window. 0: no limit.")
    rate_limit_minutes = models.PositiveSmallIntegerField(default=10, validators=[MinValueValidator(1)])
    duplicate_window_hours = models.PositiveSmallIntegerField(default=24, help_text="Reject a comment identical to one posted by anyone this many hours before. 0: off.")
    max_links = models.PositiveSmallIntegerField(default=2, help_text="Hold a comment with more links than this.")
    trusted_after = models.PositiveSmallIntegerField(default=1, help_text="Hold comments from an email address until this many of its comments were approved. 0: hold nobody for being new.")
    spam_hold_score = models.FloatField(default=0.7, validators=_share(), help_text="Hold when the learned classifier's spam score is above this (0 to 1).")
    spam_score = models.FloatField(default=0.95, validators=_share(), help_text="Mark as spam when the score is above this.")
    classifier_min_examples = models.PositiveSmallIntegerField(default=20, help_text="Without a starter model, the classifier gives no score until moderators approved and marked as spam this many comments each.")

    # Moderators
    moderator_notifications = models.CharField(max_length=9, choices=Notify.choices, default=Notify.OFF)
    moderator_emails = models.TextField(blank=True, help_text="Addresses to notify of held comments, one per line. Empty: every active staff user who may moderate comments.")

    panels = [
        MultiFieldPanel([FieldPanel("thread_depth"), FieldPanel("comments_per_page"), FieldPanel("default_order"), FieldPanel("close_after_days"), FieldPanel("max_length"), FieldPanel("report_threshold"), FieldPanel("report_holds_moderator_approved"), FieldPanel("ip_retention_days")], heading="Readers"),
        MultiFieldPanel([FieldPanel("min_fill_seconds"), FieldPanel("rate_limit_count"), FieldPanel("rate_limit_minutes"), FieldPanel("duplicate_window_hours"), FieldPanel("max_links"), FieldPanel("trusted_after"), FieldPanel("spam_hold_score"), FieldPanel("spam_score"), FieldPanel("classifier_min_examples")], heading="Moderation checks"),
        MultiFieldPanel([FieldPanel("moderator_notifications"), FieldPanel("moderator_emails")], heading="Moderator notifications"),
    ]

    class Meta:
        verbose_name = "comment settings"

    def moderator_addresses(self) -> tuple[str, ...]:
        """The addresses listed in `moderator_emails`, one per line, lower-cased."""
        return tuple(line.strip().lower() for line in self.moderator_emails.splitlines() if line.strip())
