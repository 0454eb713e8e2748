"""A reader's own data: a signed link by email, export as JSON, erasure that keeps the
thread's shape, and IP addresses removed after the retention period."""

import base64
import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from masthead.comments.models import Comment, CommentEdit, ModerationEvent, ReplySubscription
from masthead.comments.actions import do_edit_comment
from masthead.comments.housekeeping import purge_old_ip_addresses
from masthead.testing.builders import make_comment, make_staff, set_comment_settings

pytestmark = pytest.mark.django_db
ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def link_from(message):
    return re.search(r"http://[^\s]+", message.body).group(0).replace("http://testserver", "")


def ask(client, email):
    return client.post("/comments/privacy/", {"email": email}, **ORIGIN)


def test_asking_for_a_link_never_says_whether_the_address_has_comments(client, site):
    make_comment(site["article"], "Mine.", email="me@example.org")
    known, unknown = ask(client, "Me@Example.org"), ask(client, "nobody@example.org")
    message = "If comments were posted with that address, we have just emailed it a link. It works for 24 hours."
    assert message in known.content.decode() and message in unknown.content.decode()
    assert known.status_code == unknown.status_code == 200
    assert [m.to for m in mail.outbox] == [["me@example.org"]]
    assert "me@example.org" not in known.content.decode()


def test_link_shows_exports_and_erases_all_my_comments(client, site):
    article = site["article"]
    mine = make_comment(article, "My first words.", name="Me", email="me@example.org", url="https://me.example")
    reply = make_comment(article, "A reply to me.", name="Other", email="other@example.org", parent=mine)
    make_comment(article, "My second words.", name="Me", email="me@example.org", parent=reply)
    ask(client, "me@example.org")
    url = link_from(mail.outbox[0])
    payload = url.rstrip("/").rsplit("/", 1)[1].split(":")[0].lstrip(".")
    assert b"example.org" not in base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))  # not even encoded

    page = client.get(url)
    assert page["Cache-Control"] == "private, no-store"
    assert "2 comments posted with your address" in page.content.decode()

    export = client.get(url + "export.json")
    assert export["Content-Disposition"] == 'attachment; filename="my-comments.json"'
    data = json.loads(export.content)
    assert data["email"] == "me@example.org"
    assert [c["body"] for c in data["comments"]] == ["My first words.", "My second words."]
    assert set(data["comments"][0]) == {"id", "article_title", "article_url", "parent_id", "author_name", "author_url", "body", "status", "created_at"}

    not_confirmed = client.post(url + "erase/", {}, **ORIGIN)
    assert not_confirmed.status_code == 400
    assert Comment.objects.filter(author_email="me@example.org").count() == 2

    done = client.post(url + "erase/", {"confirm": "yes"}, **ORIGIN)
    assert "2 comments erased." in done.content.decode()
    html = client.get(article.url).content.decode()
    assert "My first words." not in html and "My second words." not in html
    assert html.count("[deleted]") >= 4  # names and texts
    assert "A reply to me." in html  # the thread keeps its shape
    assert html.index(f'id="comment-{mine.pk}"') < html.index("A reply to me.")
    erased = Comment.objects.get(pk=mine.pk)
    assert (erased.author_email, erased.author_url, erased.ip_address, erased.body) == ("", "", None, "[deleted]")
    assert ModerationEvent.objects.filter(action="erase").count() == 2


def test_erasure_also_clears_old_versions_and_subscriptions(client, site):
    mine = make_comment(site["article"], "Original private text.", email="me@example.org")
    do_edit_comment(mine, "Edited text.", actor=make_staff())
    ReplySubscription.objects.create(comment=mine, email="me@example.org")
    from masthead.comments.actions import do_erase_comments_of

    assert do_erase_comments_of("ME@example.org") == 1
    assert not CommentEdit.objects.filter(old_body__contains="Original").exists()
    assert not ReplySubscription.objects.exists()


def test_erase_from_another_site_is_refused(client, site):
    make_comment(site["article"], "Mine.", email="me@example.org")
    ask(client, "me@example.org")
    url = link_from(mail.outbox[0])
    assert client.post(url + "erase/", {"confirm": "yes"}, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert Comment.objects.get().body == "Mine."


def test_privacy_link_expires_after_a_day_and_forged_links_do_nothing(client, site):
    make_comment(site["article"], "Mine.", email="me@example.org")
    ask(client, "me@example.org")
    url = link_from(mail.outbox[0])
    with freeze_time(timezone.now() + timedelta(hours=25)):
        expired = client.get(url)
    assert expired.status_code == 400
    assert "This link has expired or is not valid." in expired.content.decode()
    assert client.get("/comments/privacy/forged/").status_code == 400
    assert client.get("/comments/privacy/forged/export.json").status_code == 404


def test_privacy_requests_are_rate_limited(client, site):
    for _ in range(5):
        ask(client, "me@example.org")
    response = ask(client, "me@example.org")
    assert response.status_code == 429
    assert "Too many requests." in response.content.decode()


def test_ip_addresses_are_removed_after_the_retention_period(site):
    set_comment_settings(ip_retention_days=30)
    old = make_comment(site["article"], "Old.", created_at=timezone.now() - timedelta(days=31))
    recent = make_comment(site["article"], "Recent.", email="r@example.org", created_at=timezone.now() - timedelta(days=29))
    assert purge_old_ip_addresses.call() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert recent.ip_address == "192.0.2.1"


def test_worker_clock_runs_the_housekeeping_every_hour(site, settings):
    from masthead.core import clock

    assert (3600, "masthead.comments.housekeeping.hourly_housekeeping_job") in settings.MASTHEAD_PERIODIC_JOBS
    old = make_comment(site["article"], "Old.", created_at=timezone.now() - timedelta(days=90))
    assert "masthead.comments.housekeeping.hourly_housekeeping_job" in clock.run_due(10_000.0, {})
    old.refresh_from_db()
    assert old.ip_address is None
