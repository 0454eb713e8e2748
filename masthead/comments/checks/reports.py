"""Reader reports: a published comment that enough readers reported goes back to Pending.
It runs at the REPORT stage (actions.do_report, after each report), never at submission.

Reports are cheap to send, so what counts is made costly to fake (issue 9):
- one report per comment per network block (views.reporter_key: /24 IPv4, /64 IPv6), and a
  limit of reports per hour per block;
- a reporter whose resolved reports moderators mostly dismissed (the comment stayed
  published) counts for nothing: DISMISSED_TO_IGNORE or more dismissed, more than upheld;
- the threshold is the moderators' (CommentSettings.report_threshold);
- a comment a moderator approved is never held by reports unless the moderators chose so
  (report_holds_moderator_approved): reports still show in the queue.
"""

from django.db.models import Count, Q

from masthead.comments.moderation import HOLD, REPORT, Verdict, check
from masthead.comments.policy import current_policy

DISMISSED_TO_IGNORE = 2


def counted_reports(comment) -> int:
    """Open reports on `comment`, less those of reporters with a record of dismissed reports."""
    from masthead.comments.models import Comment, CommentReport

    keys = list(CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).values_list("reporter_key", flat=True))
    if not keys:
        return 0
    history = (
        CommentReport.objects.filter(reporter_key__in=keys, resolved_at__isnull=False).order_by().values("reporter_key")
        .annotate(dismissed=Count("pk", filter=Q(comment__status=Comment.Status.APPROVED)),
                  upheld=Count("pk", filter=Q(comment__status__in=[Comment.Status.REJECTED, Comment.Status.SPAM])))
    )
    ignored = {row["reporter_key"] for row in history if row["dismissed"] >= DISMISSED_TO_IGNORE and row["dismissed"] > row["upheld"]}
    return sum(1 for key in keys if key not in ignored)


def approved_by_moderator(comment) -> bool:
    from masthead.comments.models import ModerationEvent

    Action = ModerationEvent.Action
    decisions = (Action.SUBMITTED, Action.IMPORTED, Action.APPROVE, Action.HOLD, Action.REJECT, Action.SPAM, Action.DISMISS_REPORTS)
    latest = ModerationEvent.objects.filter(comment=comment, action__in=decisions).order_by("-created_at", "-pk").first()
    return latest is not None and latest.actor_id is not None and latest.to_status == "approved"


@check("reports", "reader reports", stages=(REPORT,))
def reader_reports(comment, context):
    policy = current_policy()
    threshold = policy.report_threshold
    if not threshold or comment.open_reports < threshold:
        return None  # the counter on the row: most comments stop here without a query
    if not policy.report_holds_moderator_approved and approved_by_moderator(comment):
        return None
    counted = counted_reports(comment)
    if counted >= threshold:
        return Verdict(HOLD, f"held: {counted} reader reports (limit {threshold})", "reports")
    return None
