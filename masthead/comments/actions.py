"""Every change to a comment's state. Views, the admin, commands, the importer and tests all
call these. Each `do_*` runs in one durable transaction, writes its ModerationEvent (or
CommentEdit) row, and queues its side effects — mail, the classifier's learning — to run in
the background once the transaction has committed. An actor is a user or None (the
pipeline, or the reader acting on their own comments); never a request.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from masthead.comments import cache_tags, tasks, text
from masthead.comments.models import (
    BlockedSender,
    Comment,
    CommentEdit,
    CommentReport,
    ModerationEvent,
    ReplySubscription,
)
from masthead.comments.models.comment import ERASED_TEXT
from masthead.comments.moderation import APPROVE, HOLD, REJECT, REPORT, SPAM, Decision, ModerationContext, moderate
from masthead.comments.policy import current_policy
from masthead.core.bulk_insert import insert_rows, write_rows

STATUS_FOR_ACTION = {
    APPROVE: Comment.Status.APPROVED,
    HOLD: Comment.Status.PENDING,
    REJECT: Comment.Status.REJECTED,
    SPAM: Comment.Status.SPAM,
}
Event = ModerationEvent.Action
EVENT_FOR_STATUS = {
    Comment.Status.APPROVED: Event.APPROVE,
    Comment.Status.PENDING: Event.HOLD,
    Comment.Status.REJECTED: Event.REJECT,
    Comment.Status.SPAM: Event.SPAM,
}


def _after_commit(task, *args):
    # robust: a queue that cannot take the task (Redis away) is logged, and the reader's
    # comment, already committed, is still answered as accepted, not with a 500.
    transaction.on_commit(lambda: task.enqueue(*args), robust=True)


def _log(comment, action, *, actor, from_status="", to_status=None, reason=""):
    # Every change a reader could see is logged here: the page cache purges its thread.
    cache_tags.purge_if_public(comment, from_status, to_status or comment.status)
    return ModerationEvent.objects.create(
        comment=comment, actor=actor, action=action, from_status=from_status,
        to_status=to_status or comment.status, reason=reason[:300],
    )


def _record(comment: Comment, decision: Decision, *, append: bool = False) -> list[str]:
    """Write a pipeline decision onto the comment (not saved): its reason and code, every
    verdict (after the earlier ones when `append`), and the score a check measured.
    Returns the fields changed."""
    comment.verdicts = [*comment.verdicts, *decision.verdicts] if append else decision.verdicts
    codes = [v["code"] for v in comment.verdicts if v.get("code") and v["action"] != APPROVE]
    comment.verdict_codes = f" {' '.join(dict.fromkeys(codes))} "[:300] if codes else ""
    changed = ["verdicts", "verdict_codes"]
    if decision.action != APPROVE or not append:
        comment.moderation_reason, comment.moderation_code = decision.reason[:300], decision.code[:40]
        changed += ["moderation_reason", "moderation_code"]
    if decision.score is not None:
        comment.spam_score, comment.spam_tokens = decision.score, [list(signal) for signal in decision.signals]
        changed += ["spam_score", "spam_tokens"]
    return changed


def placed_parent(article, parent, depth_limit: int):
    """Where a reply goes: under `parent`, which must be on the same article, or beside the
    deepest level it may reach (WordPress's behaviour) — never deeper than `depth_limit`."""
    if parent is None:
        return None
    if parent.article_id != article.pk:
        raise ValueError(f"comment #{parent.pk} is on another article than {article.pk}: a reply belongs to its parent's article")
    while parent.depth >= depth_limit and parent.parent is not None:  # in memory too (import_comments)
        parent = parent.parent
    return parent


def do_submit_comment(
    *, article, parent, author_name, author_email, author_url, body, context: ModerationContext,
    created_at=None, subscribe=False,
) -> Comment:
    """Store a validated comment with the status the moderation pipeline gives it.
    `created_at` is for content that already has a date (demo, imports); default now.
    `subscribe`: the reader asked to be mailed replies (double opt-in; not for spam or rejected).
    A reply must be on its parent's article (ValueError otherwise) and is placed within
    the thread depth limit."""
    parent = placed_parent(article, parent, current_policy().thread_depth)
    comment = Comment(
        article=article,
        parent=parent,
        root=(parent.root or parent) if parent else None,
        depth=parent.depth + 1 if parent else 1,
        author_name=author_name,
        author_email=author_email.lower(),
        author_url=author_url,
        body=body,
        body_hash=text.fingerprint(body),
        ip_address=context.ip_address,
        user_agent=context.user_agent[:300],
        created_at=created_at or timezone.now(),
    )
    decision = moderate(comment, context)
    comment.status = STATUS_FOR_ACTION[decision.action]
    _record(comment, decision)
    with transaction.atomic(durable=True):
        comment.save()
        _log(comment, Event.SUBMITTED, actor=None, to_status=comment.status, reason=comment.moderation_reason)
        # Spam and rejected comments subscribe nobody: the address given may be anyone's,
        # and a confirmation mail per spam post would make the form a mail cannon.
        if subscribe and comment.author_email and comment.status not in (Comment.Status.SPAM, Comment.Status.REJECTED):
            _subscribe(comment)
        if comment.status == Comment.Status.APPROVED and parent is not None:
            _after_commit(tasks.send_reply_notification, comment.pk)
        if comment.status == Comment.Status.PENDING:
            _after_commit(tasks.notify_moderators, comment.pk)
    return comment


ACTION_FOR_STATUS = {status: action for action, status in STATUS_FOR_ACTION.items()}
IMPORTED_STATUS_REASON = {
    Comment.Status.APPROVED: "imported as approved",
    Comment.Status.PENDING: "imported as pending",
    Comment.Status.SPAM: "imported as spam",
    Comment.Status.REJECTED: "imported as rejected (in the old site's trash)",
}


@dataclass
class ImportedComment:
    """One comment brought over from another system, for import_comments. `parent` is a
    stored Comment on the same article, an ImportedComment earlier in the same call, or None.
    `comment` is the stored row once imported."""

    article: object
    parent: "Comment | ImportedComment | None"
    author_name: str
    author_email: str
    author_url: str
    body: str
    status: str
    created_at: object
    ip_address: str | None = None
    user_agent: str = ""
    note: str = ""
    comment: Comment | None = None


def import_comments(specs: list[ImportedComment]) -> list[Comment]:
    """Comments brought over from another system with the status, date and IP address they
    had there: no pipeline, no mail. Runs inside the caller's transaction (the importer's),
    set-wise: one INSERT per thread level (parents before replies) and one for their
    IMPORTED ModerationEvents, whatever the number of comments. Keeps the reply invariants:
    on its parent's article, placed within the depth limit. A pending one waits in the
    queue with the reason "imported as pending"; approved ones count as prior approvals of
    their author's email, like any approved comment. Threads that gain a public comment are
    purged from the page cache once, not once per comment. Within a level, rows are inserted
    in the order given, so callers decide how comments of equal date are numbered."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("import_comments runs inside its caller's transaction")
    depth_limit = current_policy().thread_depth
    for spec in specs:
        parent = spec.parent.comment if isinstance(spec.parent, ImportedComment) else spec.parent
        if spec.parent is not None and parent is None:
            raise ValueError("a reply must come after its parent in import_comments")
        parent = placed_parent(spec.article, parent, depth_limit)
        reason = IMPORTED_STATUS_REASON[spec.status]
        spec.comment = Comment(
            article=spec.article,
            parent=parent,
            depth=parent.depth + 1 if parent else 1,
            author_name=spec.author_name[:100],
            author_email=spec.author_email.lower()[:254],
            author_url=spec.author_url if len(spec.author_url) <= 200 else "",
            body=spec.body,
            body_hash=text.fingerprint(spec.body),
            status=spec.status,
            moderation_reason=reason,
            moderation_code="imported",
            verdicts=[{"check": "import", "action": ACTION_FOR_STATUS[spec.status], "reason": reason, "code": "imported"}],
            verdict_codes="" if spec.status == Comment.Status.APPROVED else " imported ",
            ip_address=spec.ip_address,
            user_agent=spec.user_agent[:300],
            created_at=spec.created_at,
        )
    comments = [spec.comment for spec in specs]
    for depth in sorted({c.depth for c in comments}):
        level = [c for c in comments if c.depth == depth]
        for c in level:
            if c.parent is not None:  # stored by now: an earlier level, or before this call
                c.parent_id, c.root_id = c.parent.pk, c.parent.root_id or c.parent.pk
        insert_rows(Comment, level)
    now = timezone.now()  # the events' date, as ModerationEvent's default gives it
    write_rows(ModerationEvent, ["comment", "actor", "action", "from_status", "to_status", "reason", "created_at"], (
        (spec.comment.pk, None, Event.IMPORTED, "", spec.status,
         f"{spec.comment.moderation_reason}{f' ({spec.note})' if spec.note else ''}"[:300], now)
        for spec in specs
    ))
    cache_tags.purge_public(comments)
    return comments


def _subscribe(comment):
    """The reader's request, kept. The confirmation mail goes out now for a published
    comment, and for a held one only when a moderator first approves it: a held comment is
    often spam the classifier was unsure of, and its address may be anyone's."""
    confirmed_before = _address_confirmed(comment.author_email)
    subscription = ReplySubscription.objects.create(
        comment=comment, email=comment.author_email, confirmed_at=timezone.now() if confirmed_before else None
    )
    if not confirmed_before and comment.status == Comment.Status.APPROVED:
        _after_commit(tasks.send_subscription_confirmation, subscription.pk)
    return subscription


def _address_confirmed(email: str) -> bool:
    """The reader confirmed this address once (any subscription): it is not asked again."""
    return ReplySubscription.objects.filter(email=email, confirmed_at__isnull=False).exists()


def _confirm_deferred_subscription(locked: Comment):
    """On a comment's first approval (before it is logged): the confirmation _subscribe held
    back, or none if the address was confirmed meanwhile through another comment."""
    waiting = ReplySubscription.objects.filter(comment=locked, confirmed_at__isnull=True, unsubscribed_at__isnull=True).first()
    if waiting is None or ModerationEvent.objects.filter(comment=locked, to_status=Comment.Status.APPROVED).exists():
        return
    if _address_confirmed(waiting.email):
        ReplySubscription.objects.filter(pk=waiting.pk).update(confirmed_at=timezone.now())
    else:
        _after_commit(tasks.send_subscription_confirmation, waiting.pk)


def _set_status(locked: Comment, to_status: str, *, actor, reason: str, action: str = "") -> bool:
    """Inside a transaction, with `locked` selected for update. True if it changed."""
    from_status = locked.status
    if from_status == to_status:
        return False
    locked.status = to_status
    changed = ["status"]
    if actor is not None:
        if locked.decided_at is None:
            locked.decided_at = timezone.now()
            changed.append("decided_at")
        if locked.open_reports:
            locked.open_reports = 0
            changed.append("open_reports")
            CommentReport.objects.filter(comment=locked, resolved_at__isnull=True).update(resolved_at=timezone.now(), resolved_by=actor)
    locked.save(update_fields=changed)
    if to_status == Comment.Status.APPROVED:
        _confirm_deferred_subscription(locked)
    _log(locked, action or EVENT_FOR_STATUS[to_status], actor=actor, from_status=from_status, to_status=to_status, reason=reason)
    if to_status == Comment.Status.APPROVED and locked.parent_id:
        _after_commit(tasks.send_reply_notification, locked.pk)
    return True


def do_set_status(comment: Comment, to_status: str, *, actor, reason: str = "", learn: bool = True) -> Comment:
    """A moderator (or the system, actor=None) moves a comment to `to_status`. A person's
    decision also resolves the comment's open reports and teaches the spam classifier
    (`learn=False` when the caller teaches a whole batch at once)."""
    with transaction.atomic(durable=True):
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.open_reports and actor is not None and locked.status == to_status:
            # Approving an already-approved reported comment dismisses its reports.
            locked.open_reports = 0
            locked.save(update_fields=["open_reports"])
            CommentReport.objects.filter(comment=locked, resolved_at__isnull=True).update(resolved_at=timezone.now(), resolved_by=actor)
            _log(locked, Event.DISMISS_REPORTS, actor=actor, from_status=to_status, to_status=to_status, reason=reason or "reports dismissed")
        elif _set_status(locked, to_status, actor=actor, reason=reason) and actor is not None and learn:
            _after_commit(tasks.learn_from_decisions, [locked.pk])
    comment.status = locked.status
    return locked


def do_approve(comment, *, actor, reason="", learn=True):
    return do_set_status(comment, Comment.Status.APPROVED, actor=actor, reason=reason, learn=learn)


def do_reject(comment, *, actor, reason="", learn=True):
    return do_set_status(comment, Comment.Status.REJECTED, actor=actor, reason=reason, learn=learn)


def do_mark_spam(comment, *, actor, reason="", learn=True):
    return do_set_status(comment, Comment.Status.SPAM, actor=actor, reason=reason, learn=learn)


DECISIONS = {"approve": do_approve, "reject": do_reject, "spam": do_mark_spam}


def do_bulk_decide(comment_ids, action: str, *, actor, reason="") -> int:
    """Apply one decision to many comments (each its own transaction and event row), then
    teach the classifier once for the batch. Returns how many changed status."""
    changed = []
    for comment in Comment.objects.filter(pk__in=list(comment_ids)).only("pk", "status"):
        before = comment.status
        after = DECISIONS[action](comment, actor=actor, reason=reason, learn=False)
        if after.status != before:
            changed.append(comment.pk)
    if changed and actor is not None:
        tasks.learn_from_decisions.enqueue(changed)
    return len(changed)


def ban_expiry(days: int | None, now=None):
    """When a ban of `days` days made now ends; None (days None or 0): it does not."""
    return (now or timezone.now()) + timedelta(days=days) if days else None


def do_ban_commenter(comment: Comment, *, actor, ban_email: bool, ban_ip: bool, email_days: int | None = None,
                     ip_days: int | None = None, reason="") -> list[int]:
    """Block what the moderator chose of the comment's email (for good, or `email_days`) and
    IP address (for `ip_days`: addresses are shared and change hands), and mark the comment
    and every comment still pending from that email as spam. A sender already blocked keeps
    the longer of the two bans. Returns the ids of the comments marked spam."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        entries = []
        if ban_email and comment.author_email:
            entries.append((BlockedSender.Kind.EMAIL, comment.author_email, ban_expiry(email_days, now)))
        if ban_ip and comment.ip_address:
            entries.append((BlockedSender.Kind.IP, comment.ip_address, ban_expiry(ip_days, now)))
        for kind, value, expires_at in entries:
            entry, created = BlockedSender.objects.select_for_update().get_or_create(
                kind=kind, value=value,
                defaults={"created_by": actor, "note": f"banned from the queue (comment #{comment.pk})", "expires_at": expires_at},
            )
            if not created and entry.expires_at is not None and (expires_at is None or expires_at > entry.expires_at):
                entry.expires_at = expires_at
                entry.save(update_fields=["expires_at"])
        banned = ", ".join(f"{kind} {value} ({f'until {expires_at:%Y-%m-%d}' if expires_at else 'no expiry'})"
                           for kind, value, expires_at in entries) or "nothing to block"
        targets = Comment.objects.select_for_update().filter(pk=comment.pk)
        if comment.author_email:
            targets = targets | Comment.objects.select_for_update().filter(author_email=comment.author_email, status=Comment.Status.PENDING)
        changed = []
        for locked in targets.order_by("pk"):
            if _set_status(locked, Comment.Status.SPAM, actor=actor, reason=reason or f"commenter banned ({banned})"):
                changed.append(locked.pk)
        locked = Comment.objects.get(pk=comment.pk)
        _log(locked, Event.BAN, actor=actor, from_status=locked.status, to_status=locked.status, reason=f"banned {banned}")
        if changed and actor is not None:
            _after_commit(tasks.learn_from_decisions, changed)
    from masthead.comments.policy import BLOCKLIST_KEY, forget

    forget(BLOCKLIST_KEY)
    return changed


def do_edit_comment(comment: Comment, body: str, *, actor, author_name: str | None = None) -> Comment:
    """A moderator changes a comment's text; the old and new text are kept with who and when."""
    with transaction.atomic(durable=True):
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if body == locked.body and (author_name is None or author_name == locked.author_name):
            return locked
        CommentEdit.objects.create(comment=locked, editor=actor, old_body=locked.body, new_body=body)
        locked.body = body
        locked.body_hash = text.fingerprint(body)
        locked.edited_at = timezone.now()
        if author_name is not None:
            locked.author_name = author_name
        locked.save(update_fields=["body", "body_hash", "edited_at", "author_name"])
        _log(locked, Event.EDIT, actor=actor, from_status=locked.status, to_status=locked.status, reason="text edited")
    return locked


def do_report(comment: Comment, *, reason: str, reporter_key: str) -> CommentReport | None:
    """A reader reports a comment. None if this reader already reported it. After each
    report the REPORT-stage checks run (reader_reports: enough open reports); what they
    decide is recorded as at submission and may send a published comment back to Pending."""
    try:
        with transaction.atomic(durable=True):
            report = CommentReport.objects.create(comment=comment, reason=reason, reporter_key=reporter_key)
            Comment.objects.filter(pk=comment.pk).update(open_reports=F("open_reports") + 1)
            locked = Comment.objects.select_for_update().get(pk=comment.pk)
            _log(locked, Event.REPORT, actor=None, from_status=locked.status, to_status=locked.status,
                 reason=f"reported: {report.get_reason_display().lower()}")
            decision = moderate(locked, ModerationContext(), stage=REPORT)
            if decision.action != APPROVE and locked.status == Comment.Status.APPROVED:
                locked.save(update_fields=_record(locked, decision, append=True))
                _set_status(locked, STATUS_FOR_ACTION[decision.action], actor=None, reason=decision.reason)
                _after_commit(tasks.notify_moderators, locked.pk)
    except IntegrityError:
        return None
    comment.refresh_from_db()
    return report


def do_confirm_subscription(subscription: ReplySubscription) -> ReplySubscription:
    with transaction.atomic(durable=True):
        ReplySubscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
    subscription.refresh_from_db()
    return subscription


def do_unsubscribe(subscription: ReplySubscription) -> ReplySubscription:
    with transaction.atomic(durable=True):
        ReplySubscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(unsubscribed_at=timezone.now())
    subscription.refresh_from_db()
    return subscription


def do_erase_comments_of(email: str) -> int:
    """Erase everything a reader wrote, at their request: text, name, website, email and IP
    address of each of their comments become "[deleted]" or empty, old versions in the edit
    log too, and their reply subscriptions go. The comments stay where they are so that
    replies keep their place in the thread. Returns how many comments were erased."""
    email = email.lower()
    now = timezone.now()
    with transaction.atomic(durable=True):
        comments = list(Comment.objects.select_for_update().filter(author_email=email))
        ids = [c.pk for c in comments]
        ReplySubscription.objects.filter(email=email).delete()
        CommentEdit.objects.filter(comment_id__in=ids).update(old_body=ERASED_TEXT, new_body=ERASED_TEXT)
        for comment in comments:
            Comment.objects.filter(pk=comment.pk).update(
                body=ERASED_TEXT, author_name=ERASED_TEXT, author_url="", author_email="", body_hash="",
                ip_address=None, user_agent="", spam_tokens=[], erased_at=now,
            )
            _log(comment, Event.ERASE, actor=None, from_status=comment.status, to_status=comment.status, reason="erased at the reader's request")
    return len(ids)


def do_purge_ip_addresses(older_than) -> int:
    """Remove the IP address and browser of comments posted before `older_than`."""
    with transaction.atomic(durable=True):
        return Comment.objects.filter(created_at__lt=older_than).exclude(ip_address__isnull=True, user_agent="").update(ip_address=None, user_agent="")
