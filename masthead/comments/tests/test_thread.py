"""The thread under an article: pages of threads in one query, order, depth, closing, the
form's consent and honeypot, feeds, and the public pages staying the same for everyone."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.comments.actions import do_mark_spam
from masthead.comments.display import build_thread
from masthead.testing.builders import make_article, make_comment, make_staff, set_comment_settings

pytestmark = pytest.mark.django_db


def many(article, n, start=None, **kwargs):
    start = start or timezone.now() - timedelta(days=1)
    return [make_comment(article, f"Comment number {i} on this story.", name=f"Reader {i}", email=f"r{i}@example.org",
                         created_at=start + timedelta(minutes=i), **kwargs) for i in range(n)]


def test_threads_are_paginated_with_older_and_newer_links_and_stable_numbers(client, site):
    set_comment_settings(comments_per_page=5)
    article = site["article"]
    comments = many(article, 12)
    make_comment(article, "A reply on page one.", email="x@example.org", parent=comments[0])
    first = client.get(article.url).content.decode()
    assert "Page 1 of 3" in first
    assert "Comment number 4 " in first and "Comment number 5 " not in first
    assert "A reply on page one." in first
    assert '<span class="comment-number">1.</span>' in first
    assert 'href="?cpage=2&amp;corder=oldest#comments">Newer comments →</a>' in first
    third = client.get(f"{article.url}?cpage=3").content.decode()
    assert "Comment number 10 " in third and "Comment number 11 " in third
    assert '<span class="comment-number">11.</span>' in third
    assert "13 comments on" in third


def test_newest_first_order_reverses_pages_and_keeps_numbers(client, site):
    set_comment_settings(comments_per_page=5)
    article = site["article"]
    many(article, 7)
    html = client.get(f"{article.url}?corder=newest").content.decode()
    assert html.index("Comment number 6 ") < html.index("Comment number 5 ")
    assert '<span class="comment-number">7.</span>' in html
    assert "Comment number 1 " not in html
    set_comment_settings(default_order="newest")
    assert client.get(article.url).content.decode().index("Comment number 6 ") < client.get(article.url).content.decode().index("Comment number 2 ")


def test_page_past_the_end_shows_no_comments_but_the_counts(client, site):
    article = site["article"]
    many(article, 3)
    html = client.get(f"{article.url}?cpage=9").content.decode()
    assert "3 comments on" in html
    assert "Comment number" not in html


def test_new_comment_redirects_to_the_page_it_is_on(client, site):
    set_comment_settings(comments_per_page=5)
    article = site["article"]
    many(article, 6)
    make_comment(article, "Known.", name="Amal", email="amal@example.org")
    response = client.post("/comments/post/", {"author": "Amal", "email": "amal@example.org", "comment": "Lands on page two.", "article": article.pk}, HTTP_ORIGIN="http://testserver")
    assert response["Location"].startswith(f"{article.url}?cpage=2&unapproved=")


def test_thread_of_a_thousand_comments_loads_a_page_in_one_query(site, django_assert_num_queries):
    from masthead.comments.models import Comment

    article = site["article"]
    base = make_comment(article, "Root.")
    Comment.objects.bulk_create(
        [Comment(article=article, author_name=f"R{i}", author_email=f"r{i}@example.org", body=f"bulk {i}", status="approved",
                 created_at=base.created_at + timedelta(seconds=i + 1)) for i in range(1000)]
        + [Comment(article=article, parent=base, root=base, depth=2, author_name="Re", author_email="re@example.org", body=f"reply {i}",
                   status="approved", created_at=base.created_at + timedelta(seconds=i + 1)) for i in range(50)]
    )
    with django_assert_num_queries(1):
        thread = build_thread(article)
    assert (thread.count, thread.top_level, thread.pages) == (1051, 1001, 21)
    assert len(thread.nodes) == 50
    assert len(thread.nodes[0].replies) == 50


def test_removed_comment_with_replies_leaves_a_placeholder_and_without_replies_nothing(client, site):
    moderator = make_staff()
    article = site["article"]
    parent = make_comment(article, "Removed later.")
    make_comment(article, "Reply stays.", email="r@example.org", parent=parent)
    lonely = make_comment(article, "Removed alone.", email="l@example.org")
    do_mark_spam(parent, actor=moderator)
    do_mark_spam(lonely, actor=moderator)
    html = client.get(article.url).content.decode()
    assert "This comment was removed." in html
    assert "Reply stays." in html
    assert "Removed later." not in html and "Removed alone." not in html
    assert html.count("This comment was removed.") == 1


def test_reply_link_disappears_at_the_maximum_depth_and_deeper_replies_go_beside(client, site):
    set_comment_settings(thread_depth=2)
    article = site["article"]
    top = make_comment(article, "Level one.")
    second = make_comment(article, "Level two.", email="two@example.org", parent=top)
    html = client.get(article.url).content.decode()
    assert f'href="?replytocom={top.pk}#respond"' in html
    assert f'href="?replytocom={second.pk}#respond"' not in html
    make_comment(article, "Known.", email="amal@example.org")
    client.post("/comments/post/", {"author": "Amal", "email": "amal@example.org", "comment": "Trying level three.", "article": article.pk, "parent": second.pk}, HTTP_ORIGIN="http://testserver")
    from masthead.comments.models import Comment

    placed = Comment.objects.get(body="Trying level three.")
    assert (placed.parent_id, placed.depth, placed.root_id) == (top.pk, 2, top.pk)


def test_comments_close_automatically_after_the_configured_days(client, site):
    article = make_article(site["section"], "Old story", date=timezone.now() - timedelta(days=20))
    assert 'id="commentform"' in client.get(article.url).content.decode()
    set_comment_settings(close_after_days=14)
    html = client.get(article.url).content.decode()
    assert "Comments are closed." in html and 'id="commentform"' not in html
    response = client.post("/comments/post/", {"author": "A", "email": "a@example.org", "comment": "Too late for this one.", "article": article.pk}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 403
    assert "Too late for this one." in response.content.decode()


def test_form_offers_consent_to_remember_only_with_javascript_and_a_hidden_honeypot(client, site):
    html = client.get(site["article"].url).content.decode()
    assert '<p class="comment-form-cookies-consent" hidden><input id="remember-me" type="checkbox"> <label for="remember-me">Save my name, email, and website in this browser for the next time I comment.</label></p>' in html
    assert '<p class="comment-form-phone" aria-hidden="true">' in html
    assert 'name="elapsed"' in html
    assert "Email me replies to this comment (we first send a message to confirm)" in html
    assert "comments/comments.js" in html


def test_honeypot_post_is_spam_and_the_bot_sees_the_same_notice(client, site):
    response = client.post("/comments/post/", {"author": "Bot", "email": "bot@example.org", "comment": "Nice post", "article": site["article"].pk, "phone": "555"}, HTTP_ORIGIN="http://testserver")
    from masthead.comments.models import Comment

    comment = Comment.objects.get()
    assert (comment.status, comment.moderation_reason) == ("spam", "spam: honeypot filled")
    assert "Your comment is awaiting moderation." in client.get(response["Location"]).content.decode()


def test_public_pages_stay_the_same_bytes_with_pages_and_replies(client, site):
    set_comment_settings(comments_per_page=5)
    many(site["article"], 8)
    for url in (site["article"].url, f"{site['article'].url}?cpage=2"):
        first, second = client.get(url), client.get(url, HTTP_USER_AGENT="someone else", REMOTE_ADDR="203.0.113.9")
        assert first.content == second.content
        assert not first.cookies
        assert "csrfmiddlewaretoken" not in first.content.decode()


def test_comment_feeds_list_approved_comments_without_emails(client, site):
    article = site["article"]
    make_comment(article, "Feed me.", name="Feeder", email="secret.feeder@example.org")
    make_comment(article, "Not yet.", email="held@example.org", approve=False)
    other = make_article(site["section"], "Another story")
    make_comment(other, "Elsewhere.", email="e@example.org")
    site_feed = client.get("/comments/feed/").content.decode()
    article_feed = client.get(f"/comments/feed/{article.pk}/").content.decode()
    assert "Feed me." in site_feed and "Elsewhere." in site_feed
    assert "Feed me." in article_feed and "Elsewhere." not in article_feed
    assert "<title>Feeder on “Reporters Cross The River”</title>" in article_feed
    for xml in (site_feed, article_feed):
        assert "Not yet." not in xml
        assert "@example.org" not in xml
    assert client.get("/comments/feed/999999/").status_code == 404
    assert f'href="/comments/feed/{article.pk}/"' in client.get(article.url).content.decode()


def test_listing_counts_only_approved_comments(client, site):
    make_comment(site["article"], "One.")
    make_comment(site["article"], "Held.", email="h@example.org", approve=False)
    html = client.get("/").content.decode()
    assert "1 comment</a>" in html


def test_article_page_query_count_stays_pinned_with_pages_of_comments(client, site, django_assert_num_queries):
    set_comment_settings(comments_per_page=5)
    article = site["article"]
    many(article, 12)
    client.get(article.url)
    with CaptureQueriesContext(connection) as few:
        client.get(f"{article.url}?cpage=2")
    many(article, 30, start=timezone.now() - timedelta(hours=2))
    with CaptureQueriesContext(connection) as lots:
        client.get(f"{article.url}?cpage=2")
    assert len(lots) == len(few)


def test_comment_feed_query_count_is_pinned(client, site, django_assert_num_queries):
    for i in range(12):
        make_comment(make_article(site["section"], f"Story {i}"), f"Comment {i}.", email=f"f{i}@example.org")
    client.get("/comments/feed/")
    # the site's name, then the comments with their articles (one join), whatever their number
    with django_assert_num_queries(2):
        assert client.get("/comments/feed/").status_code == 200


@pytest.mark.parametrize("hour", [0, 1, 11, 12, 13, 23])
@pytest.mark.parametrize("month", [1, 6, 9, 12])
def test_a_comments_shown_date_is_what_djangos_date_filter_writes(hour, month):
    from datetime import datetime

    from django.template.defaultfilters import date

    from masthead.comments.templatetags.comments_tags import SHOWN_DATE, shown_date

    moment = datetime(2021, month, 5 if month != 9 else 30, hour, 4 if hour % 2 else 45, 9, 123456)
    assert shown_date(moment) == date(moment, SHOWN_DATE)
