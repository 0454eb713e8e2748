"""Checks on what the comment says: copies, listed terms, links."""

from datetime import timedelta

from django.utils import timezone
from django.utils.timesince import timesince

from masthead.comments import text
from masthead.comments.moderation import HOLD, REJECT, Verdict, check
from masthead.comments.policy import current_policy, term_rules

# Below this many characters a text ("Thanks!", "+1") is a duplicate only of the same
# reader's own comment: two readers may well say the same short thing.
SHORT_TEXT = 20


@check("duplicate", "duplicate")
def duplicate(comment, context):
    """Reject a copy of a comment anyone posted recently, on any article: spam runs post
    one text everywhere, and a double-clicked button posts it twice."""
    from masthead.comments.models import Comment

    hours = current_policy().duplicate_window_hours
    if not hours:
        return None
    since = comment.created_at - timedelta(hours=hours)
    copies = Comment.objects.filter(body_hash=text.fingerprint(comment.body), created_at__gte=since, erased_at__isnull=True)
    if len(comment.body.strip()) < SHORT_TEXT:
        copies = copies.filter(author_email=comment.author_email)
    earlier = copies.exclude(pk=comment.pk).order_by("-created_at").values("pk", "created_at").first()
    if earlier is None:
        return None
    ago = timesince(earlier["created_at"], comment.created_at or timezone.now())
    return Verdict(REJECT, f"rejected: duplicate of comment #{earlier['pk']}, posted {ago} before", "duplicate")


def _listed_term(comment, kind):
    found_words = text.words(f"{comment.author_name}\n{comment.body}")
    for rule in term_rules():
        if rule.kind == kind and text.find_term(found_words, rule.words):
            return rule.term
    return None


@check("banned_term", "banned term")
def banned_terms(comment, context):
    term = _listed_term(comment, "banned")
    if term:
        return Verdict(REJECT, f"rejected: banned term '{term}'", "banned_term")
    return None


@check("suspect_term", "suspect term")
def suspect_terms(comment, context):
    term = _listed_term(comment, "suspect")
    if term:
        return Verdict(HOLD, f"held: suspect term '{term}'", "suspect_term")
    return None


@check("links", "too many links")
def too_many_links(comment, context):
    limit = current_policy().max_links
    links = text.count_links(comment.body)
    if links > limit:
        return Verdict(HOLD, f"held: {links} links (limit {limit})", "links")
    return None
