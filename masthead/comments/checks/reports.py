"""Reader reports: a published comment that enough readers reported goes back to Pending.
actions.do_report runs this check after each report; at submission it never fires."""

from masthead.comments.moderation import HOLD, Verdict
from masthead.comments.policy import current_policy


def reader_reports(comment, context):
    threshold = current_policy().report_threshold
    if threshold and comment.open_reports >= threshold:
        return Verdict(HOLD, f"held: {comment.open_reports} reader reports (limit {threshold})", "reports")
    return None
