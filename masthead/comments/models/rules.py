"""Lists moderators keep in the admin: banned and suspect terms, blocked senders. The
pipeline reads them through cached snapshots (comments/policy.py), refreshed on every save."""

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone


class ModerationTerm(models.Model):
    class Kind(models.TextChoices):
        BANNED = "banned", "Banned: reject the comment"
        SUSPECT = "suspect", "Suspect: hold the comment for review"

    term = models.CharField(
        max_length=100,
        unique=True,
        help_text="A word or phrase. Matched on word boundaries, ignoring case, accents and leetspeak (c4l1ph@te matches caliphate).",
    )
    kind = models.CharField(max_length=7, choices=Kind.choices, default=Kind.SUSPECT)
    note = models.CharField(max_length=200, blank=True, help_text="Why it is listed, for other moderators.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "term"]
        verbose_name = "moderation term"

    def __str__(self):
        return f"{self.term} ({self.kind})"

    def clean(self):
        from masthead.comments.text import words

        self.term = " ".join(self.term.split())
        if not words(self.term):
            raise ValidationError({"term": "Enter at least one letter or digit."})


class BlockedSender(models.Model):
    """Comments from a blocked email, domain, IP address or network are marked spam, until
    `expires_at` if it is set (an IP ban from the queue expires: addresses are shared)."""

    class Kind(models.TextChoices):
        EMAIL = "email", "Email address"
        DOMAIN = "domain", "Email domain (and its subdomains)"
        IP = "ip", "IP address"
        NETWORK = "network", "IP range (CIDR, e.g. 203.0.113.0/24)"

    kind = models.CharField(max_length=7, choices=Kind.choices)
    value = models.CharField(max_length=254)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Stops blocking at this time. Empty: until removed.")

    class Meta:
        ordering = ["kind", "value"]
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="blocked_sender_once")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        self.value = normalise_blocked_value(self.kind, self.value)


def normalise_blocked_value(kind: str, value: str) -> str:
    """The canonical form of a blocklist entry, or ValidationError with a message."""
    value = value.strip().lower()
    try:
        if kind == BlockedSender.Kind.EMAIL:
            validate_email(value)
        elif kind == BlockedSender.Kind.DOMAIN:
            value = value.lstrip("@")
            validate_email(f"x@{value}")
        elif kind == BlockedSender.Kind.IP:
            value = str(ipaddress.ip_address(value))
        elif kind == BlockedSender.Kind.NETWORK:
            value = str(ipaddress.ip_network(value, strict=False))
    except (ValidationError, ValueError):
        raise ValidationError({"value": f"“{value}” is not a valid {BlockedSender.Kind(kind).label.lower()}."})
    return value
