import pytest

from masthead.comments.models import Comment, ModerationEvent
from masthead.testing.builders import make_article, make_comment, make_section

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def post(client, article, headers=ORIGIN, **fields):
    data = {"author": "Amal", "email": "Amal@Example.org", "url": "", "comment": "Thanks for this report.", "article": article.pk}
    data.update(fields)
    return client.post("/comments/post/", data, **headers)


def test_first_comment_from_an_email_is_held_and_only_its_author_sees_the_notice(client, site):
    article = site["article"]
    response = post(client, article)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.author_email == "amal@example.org"
    assert comment.moderation_reason == "held: first comment from this name and email address"
    assert response.status_code == 303
    assert response["Location"].startswith(f"{article.url}?unapproved={comment.pk}&moderation-hash=")
    assert "amal" not in response["Location"].lower()

    own = client.get(response["Location"])
    assert "Your comment is awaiting moderation." in own.content.decode()
    assert "Thanks for this report." in own.content.decode()
    assert own["Cache-Control"] == "private, no-store"

    from django.test import Client

    stranger = Client()
    assert "awaiting moderation" not in stranger.get(response["Location"]).content.decode()
    assert "Thanks for this report." not in stranger.get(article.url).content.decode()
    assert "Thanks for this report." not in client.get(article.url).content.decode()


def test_forged_moderation_hash_shows_nothing(client, site):
    post(client, site["article"])
    comment = Comment.objects.get()
    html = client.get(f"{site['article'].url}?unapproved={comment.pk}&moderation-hash=0000").content.decode()
    assert "awaiting moderation" not in html


def test_comment_from_a_name_and_email_with_an_approved_comment_is_published_at_once(client, site):
    make_comment(site["article"], "Earlier.", name="Amal", email="amal@example.org")
    response = post(client, site["article"], comment="Second time.")
    comment = Comment.objects.get(body="Second time.")
    assert comment.status == Comment.Status.APPROVED
    assert response["Location"].startswith(f"{site['article'].url}?unapproved={comment.pk}&moderation-hash=")
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert "Second time." in client.get(site["article"].url).content.decode()
    assert "awaiting moderation" not in client.get(response["Location"]).content.decode()


def test_the_answer_to_a_post_does_not_tell_whether_its_author_is_trusted(client, site):
    """Issue 9: the redirect after posting told anyone whether an email was trusted."""
    import re

    make_comment(site["article"], "Earlier.", name="Amal", email="amal@example.org")
    trusted = post(client, site["article"], comment="From the trusted author.")
    untrusted = post(client, site["article"], comment="From a new author.", email="new@example.org")
    statuses = {c.body: c.status for c in Comment.objects.all()}
    assert (statuses["From the trusted author."], statuses["From a new author."]) == ("approved", "pending")

    def shape(response):
        return (response.status_code, re.sub(r"[0-9a-f]{32}|\d+", "N", response["Location"]),
                sorted(response.cookies), response.content)

    assert shape(trusted) == shape(untrusted)


def test_submission_is_recorded_as_a_moderation_event(client, site):
    post(client, site["article"])
    event = ModerationEvent.objects.get()
    assert (event.actor, event.action, event.from_status, event.to_status) == (None, "submitted", "", "pending")
    assert event.reason == "held: first comment from this name and email address"


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"author": ""}, "author", "Please enter your name."),
        ({"email": ""}, "email", "Please enter your email address. It will not be published."),
        ({"email": "not-an-email"}, "email", "Please enter a valid email address, like name@example.org."),
        ({"comment": "   "}, "comment", "Please write a comment."),
        ({"url": "javascript:alert(1)"}, "url", "Please enter a web address starting with http:// or https://, or leave it empty."),
        ({"comment": "x" * 5001}, "comment", "Please shorten your comment to 5000 characters (it has 5001)."),
    ],
)
def test_invalid_comment_is_refused_with_a_message_and_the_text_kept(client, site, fields, field, message):
    typed = {"author": "Amal", "email": "amal@example.org", "url": "https://amal.example", "comment": "My careful words."}
    typed.update(fields)
    response = post(client, site["article"], **typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert response.context["comment_form"].errors[field] == [message]
    assert message.replace("'", "&#x27;") in html
    for name, value in typed.items():
        if value.strip() and name != field:
            assert value in html, name
    assert Comment.objects.count() == 0


def test_reply_to_a_comment_of_another_article_is_refused(client, site):
    other = make_article(make_section(site["home"], "Elsewhere"), "Other article")
    foreign = make_comment(other, "Foreign comment.")
    response = post(client, site["article"], parent=foreign.pk, comment="My reply text.")
    assert response.status_code == 400
    html = response.content.decode()
    assert "The comment you are replying to is not on this article." in html
    assert "My reply text." in html
    assert Comment.objects.filter(body="My reply text.").count() == 0


def test_reply_to_a_comment_of_the_same_article_is_threaded(client, site):
    parent = make_comment(site["article"], "Parent.", email="amal@example.org")
    post(client, site["article"], parent=parent.pk, comment="Child.")
    assert Comment.objects.get(body="Child.").parent == parent


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_REFERER": "https://evil.example/page"},
        {},
    ],
    ids=["foreign-origin", "fetch-metadata-cross-site", "foreign-referer", "no-origin-at-all"],
)
def test_cross_site_post_is_refused_and_the_text_kept(client, site, headers):
    response = post(client, site["article"], headers=headers, comment="Forged words.")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your comment was not posted: it was sent from another site" in html
    assert "Forged words." in html
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_REFERER": "http://testserver/world/story/"},
        {"HTTP_ORIGIN": "https://testserver"},  # TLS ended at a proxy not declared
    ],
)
def test_same_site_post_is_accepted(client, site, headers):
    assert post(client, site["article"], headers=headers).status_code == 303


def test_post_to_closed_article_is_refused_with_the_text_kept(client, site):
    article = site["article"]
    article.comments_open = False
    article.save_revision().publish()
    response = post(client, article, comment="Too late words.")
    assert response.status_code == 403
    assert "Too late words." in response.content.decode()
    assert "Comments are closed" in client.get(article.url).content.decode()
    assert 'id="commentform"' not in client.get(article.url).content.decode()


def test_comment_on_unknown_article_is_a_bad_request(client, site):
    response = client.post("/comments/post/", {"article": "999999", "comment": "x"}, **ORIGIN)
    assert response.status_code == 400
    assert client.get("/comments/post/").status_code == 405


PAYLOADS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_in_every_field_is_inert_on_the_page(client, site, payload):
    make_comment(site["article"], "Trusted before.", email="x@example.org")
    post(client, site["article"], author=payload, email="x@example.org", comment=payload, url="https://ok.example/")
    bad_url = post(client, site["article"], author="A", email="x@example.org", comment="c", url=payload)
    assert bad_url.status_code == 400
    for html in (client.get(site["article"].url).content.decode(), bad_url.content.decode()):
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert 'href="javascript:' not in html


def test_no_reader_email_appears_in_any_public_page(client, site):
    article = site["article"]
    make_comment(article, "Approved one.", email="secret.reader@example.org", url="https://reader.example")
    parent = Comment.objects.get()
    post(client, article, email="other.secret@example.org", parent=parent.pk)
    pages = [article.url, "/", site["section"].url, f"{article.url}?replytocom={parent.pk}", "/sitemap.xml"]
    pages.append(f"/{article.date:%Y}/{article.date:%m}/")
    for url in pages:
        html = client.get(url).content.decode().lower()
        assert "secret.reader@example.org" not in html, url
        assert "other.secret@example.org" not in html, url


def test_bidi_controls_are_stripped_from_names_and_reader_text_is_isolated(client, site):
    """Issue 9: U+202E in a name was stored and shown as is, reversing what follows it."""
    make_comment(site["article"], "Earlier.", name="Amal", email="amal@example.org")
    post(client, site["article"], author="\u202eAmal\u2066", comment="\u05e9\u05dc\u05d5\u05dd and hello.")
    comment = Comment.objects.get(body__startswith="\u05e9")
    assert comment.author_name == "Amal"
    html = client.get(site["article"].url).content.decode()
    assert "\u202e" not in html
    assert f'<bdi>Amal</bdi></cite>' in html
    assert f'<div class="comment-content" dir="auto"><p>\u05e9\u05dc\u05d5\u05dd and hello.</p></div>' in html


def test_a_name_made_only_of_bidi_controls_is_refused(client, site):
    response = post(client, site["article"], author="\u202e\u202d")
    assert response.status_code == 400
    assert "Please enter your name." in response.content.decode()
    assert not Comment.objects.exists()
