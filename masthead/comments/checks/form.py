"""Checks on how the form was filled: bots fill every field and post at once."""

from masthead.comments.moderation import SPAM, Verdict, check
from masthead.comments.policy import current_policy


@check("honeypot", "honeypot")
def honeypot(comment, context):
    """The form has a field hidden from people (and from screen readers); a bot fills it."""
    if context.honeypot.strip():
        return Verdict(SPAM, "spam: honeypot filled", "honeypot")
    return None


@check("fill_time", "posted too fast")
def fill_time(comment, context):
    """The page's script measures the time from page load to posting; nothing is concluded
    when it is missing (no JavaScript): the other checks still run."""
    minimum = current_policy().min_fill_seconds
    elapsed = context.elapsed_seconds
    if not minimum or elapsed is None or elapsed >= minimum:
        return None
    return Verdict(SPAM, f"spam: posted {elapsed:.1f} s after the page loaded (minimum {minimum} s)", "fill_time")
