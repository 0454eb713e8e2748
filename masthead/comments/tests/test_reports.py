"""Reader reports: one per reader per comment, N open reports hold the comment, and a
moderator's decision resolves them."""

import pytest
from django.test import Client

from masthead.comments.actions import do_approve, do_report
from masthead.comments.models import Comment, CommentReport, ModerationEvent
from masthead.testing.builders import make_comment, make_staff, set_comment_settings

pytestmark = pytest.mark.django_db
ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def reader(n):
    return Client(REMOTE_ADDR=f"198.51.{n}.7")  # a network block each: one /24 is one reporter


def test_report_page_offers_the_four_reasons_and_thanks_the_reader(site):
    comment = make_comment(site["article"], "Questionable claim.")
    page = reader(1).get(f"/comments/{comment.pk}/report/")
    html = page.content.decode()
    for label in ("Spam", "Abuse or harassment", "Harmful or illegal", "Off-topic"):
        assert label in html
    assert "csrfmiddlewaretoken" not in html
    response = reader(1).post(f"/comments/{comment.pk}/report/", {"reason": "abuse"}, **ORIGIN)
    assert response.status_code == 200
    assert "Thank you: moderators will look at this comment." in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    report = CommentReport.objects.get()
    assert (report.comment, report.reason) == (comment, "abuse")
    assert "198.51.100.1" not in report.reporter_key
    event = ModerationEvent.objects.filter(action="report").get()
    assert (event.actor, event.reason) == (None, "reported: abuse or harassment")


def test_a_reader_reports_a_comment_at_most_once(site):
    comment = make_comment(site["article"], "Questionable claim.")
    reader(1).post(f"/comments/{comment.pk}/report/", {"reason": "spam"}, **ORIGIN)
    again = reader(1).post(f"/comments/{comment.pk}/report/", {"reason": "abuse"}, **ORIGIN)
    assert "You have already reported this comment; moderators will look at it." in again.content.decode()
    assert CommentReport.objects.count() == 1
    comment.refresh_from_db()
    assert comment.open_reports == 1


def test_enough_reports_hold_the_comment_for_review_with_the_reason(site):
    comment = make_comment(site["article"], "Inflammatory claim.")
    for n in (1, 2):
        reader(n).post(f"/comments/{comment.pk}/report/", {"reason": "harmful"}, **ORIGIN)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    reader(3).post(f"/comments/{comment.pk}/report/", {"reason": "harmful"}, **ORIGIN)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reason == "held: 3 reader reports (limit 3)"
    assert " reports " in comment.verdict_codes
    assert "Inflammatory claim." not in reader(4).get(site["article"].url).content.decode()


def test_report_threshold_is_a_setting(site):
    set_comment_settings(report_threshold=1)
    comment = make_comment(site["article"], "Claim.")
    do_report(comment, reason="spam", reporter_key="k1")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_moderator_decision_resolves_open_reports(site):
    moderator = make_staff()
    comment = make_comment(site["article"], "Disputed but fine.")
    for key in ("a", "b", "c"):
        do_report(comment, reason="off_topic", reporter_key=key)
    do_approve(comment, actor=moderator, reason="fine after review")
    comment.refresh_from_db()
    assert (comment.status, comment.open_reports) == (Comment.Status.APPROVED, 0)
    assert CommentReport.objects.filter(resolved_at__isnull=True).count() == 0
    assert CommentReport.objects.filter(resolved_by=moderator).count() == 3


def test_report_without_a_reason_or_from_another_site_is_refused(site):
    comment = make_comment(site["article"], "Claim.")
    missing = reader(1).post(f"/comments/{comment.pk}/report/", {}, **ORIGIN)
    assert missing.status_code == 400
    assert "Please choose a reason." in missing.content.decode()
    forged = reader(1).post(f"/comments/{comment.pk}/report/", {"reason": "spam"}, HTTP_ORIGIN="https://evil.example")
    assert forged.status_code == 403
    assert CommentReport.objects.count() == 0


def test_only_published_comments_can_be_reported(site):
    held = make_comment(site["article"], "Held.", approve=False)
    assert reader(1).get(f"/comments/{held.pk}/report/").status_code == 404
    assert reader(1).post(f"/comments/{held.pk}/report/", {"reason": "spam"}, **ORIGIN).status_code == 404


# What makes a report count (issue 9: "any three addresses can unpublish any comment") ----

def test_addresses_of_one_ipv6_subscriber_are_one_reporter(site):
    comment = make_comment(site["article"], "Unpopular but fair.")
    for n in (1, 2, 3, 4):
        Client(REMOTE_ADDR=f"2001:db8:5:7::{n}").post(f"/comments/{comment.pk}/report/", {"reason": "abuse"}, **ORIGIN)
    comment.refresh_from_db()
    assert (comment.status, CommentReport.objects.count()) == (Comment.Status.APPROVED, 1)


def test_addresses_of_one_ipv4_block_are_one_reporter(site):
    comment = make_comment(site["article"], "Unpopular but fair.")
    for n in (1, 2, 3):
        Client(REMOTE_ADDR=f"203.0.113.{n}").post(f"/comments/{comment.pk}/report/", {"reason": "abuse"}, **ORIGIN)
    comment.refresh_from_db()
    assert (comment.status, CommentReport.objects.count()) == (Comment.Status.APPROVED, 1)


def test_reports_rate_limit_is_per_network_block(site):
    comments = [make_comment(site["article"], f"Comment {n}.") for n in range(31)]
    set_comment_settings(report_threshold=0)
    for n, comment in enumerate(comments[:30]):
        Client(REMOTE_ADDR=f"2001:db8:5:7::{n + 1}").post(f"/comments/{comment.pk}/report/", {"reason": "spam"}, **ORIGIN)
    limited = Client(REMOTE_ADDR="2001:db8:5:7::99").post(f"/comments/{comments[30].pk}/report/", {"reason": "spam"}, **ORIGIN)
    assert limited.status_code == 429


def test_reports_never_hold_a_comment_a_moderator_approved_unless_the_setting_says_so(site):
    moderator = make_staff()
    comment = make_comment(site["article"], "Checked by a moderator.", approve=False)
    do_approve(comment, actor=moderator, reason="checked")
    for key in ("a", "b", "c", "d"):
        do_report(comment, reason="abuse", reporter_key=key)
    comment.refresh_from_db()
    assert (comment.status, comment.open_reports) == (Comment.Status.APPROVED, 4)

    set_comment_settings(report_holds_moderator_approved=True)
    do_report(comment, reason="abuse", reporter_key="e")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reason == "held: 5 reader reports (limit 3)"


def test_reporters_whose_reports_moderators_dismissed_do_not_count(site):
    moderator = make_staff()
    for n in (1, 2):  # three reporters report fine comments; a moderator keeps each one
        fine = make_comment(site["article"], f"Fine comment {n}.")
        for key in ("troll1", "troll2", "troll3"):
            do_report(fine, reason="abuse", reporter_key=key)
        do_approve(Comment.objects.get(pk=fine.pk), actor=moderator, reason="fine")
    target = make_comment(site["article"], "Another fine comment.")
    for key in ("troll1", "troll2", "troll3"):
        do_report(target, reason="abuse", reporter_key=key)
    target.refresh_from_db()
    assert (target.status, target.open_reports) == (Comment.Status.APPROVED, 3)
    do_report(target, reason="abuse", reporter_key="x")
    do_report(target, reason="abuse", reporter_key="y")
    assert Comment.objects.get(pk=target.pk).status == Comment.Status.APPROVED
    do_report(target, reason="abuse", reporter_key="z")
    target.refresh_from_db()
    assert (target.status, target.moderation_reason) == (Comment.Status.PENDING, "held: 3 reader reports (limit 3)")
