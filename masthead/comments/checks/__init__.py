"""The built-in moderation checks (contract in comments/moderation.py). Each is one function
`check(comment, context) -> Verdict | None`, listed by dotted path in the setting
MASTHEAD_COMMENT_CHECKS exactly as a site's own checks are, reads its thresholds from the
admin-edited policy (comments/policy.py) and is tested alone in tests/test_checks.py.

- form.py: honeypot, fill_time — what the form itself tells about a bot;
- senders.py: blocked_sender, first_comment_from_email — who sent it;
- content.py: duplicate, banned_terms, suspect_terms, too_many_links — what it says;
- learned.py: spam_score — the classifier trained on moderators' decisions;
- reports.py: reader_reports — what readers said about it once published.
"""

from masthead.comments.checks.content import banned_terms, duplicate, suspect_terms, too_many_links
from masthead.comments.checks.form import fill_time, honeypot
from masthead.comments.checks.learned import spam_score
from masthead.comments.checks.reports import reader_reports
from masthead.comments.checks.senders import blocked_sender, first_comment_from_email

__all__ = [
    "banned_terms",
    "blocked_sender",
    "duplicate",
    "fill_time",
    "first_comment_from_email",
    "honeypot",
    "reader_reports",
    "spam_score",
    "suspect_terms",
    "too_many_links",
]
