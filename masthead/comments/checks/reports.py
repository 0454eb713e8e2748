"""Reader reports: a published comment that enough readers reported goes back to Pending.
It runs at the REPORT stage (actions.do_report, after each report), never at submission."""

from masthead.comments.moderation import HOLD, REPORT, Verdict, check
from masthead.comments.policy import current_policy


@check("reports", "reader reports", stages=(REPORT,))
def reader_reports(comment, context):
    threshold = current_policy().report_threshold
    if threshold and comment.open_reports >= threshold:
        return Verdict(HOLD, f"held: {comment.open_reports} reader reports (limit {threshold})", "reports")
    return None
