"""Bad input and floods: a clear message, the reader's text kept, a 4xx and never a 500;
every field's script payload stays inert."""

import pytest
from django.test import Client

from masthead.comments.models import Comment
from masthead.testing.builders import make_comment, set_comment_settings

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def fields(page, **overrides):
    data = {"author": "Amal", "email": "amal@example.org", "url": "", "comment": "My careful words.", "article": page.pk}
    data.update(overrides)
    return data


def test_invalid_utf8_is_accepted_as_replacement_characters_not_a_500(client, site):
    body = b"author=Amal&email=amal%40example.org&comment=caf%E9+%FF%FE+words&article=" + str(site["article"].pk).encode()
    response = client.post("/comments/post/", body, content_type="application/x-www-form-urlencoded", **ORIGIN)
    assert response.status_code == 303
    assert Comment.objects.get().body == "caf\ufffd \ufffd\ufffd words"


def test_invalid_utf8_in_a_multipart_post_is_not_a_500(client, site):
    boundary = "BoUnDaRy"
    parts = []
    for name, value in (("author", b"Amal\xff"), ("email", b"amal@example.org"), ("comment", b"bad \xc3\x28 bytes"), ("article", str(site["article"].pk).encode())):
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    response = client.post("/comments/post/", body, content_type=f"multipart/form-data; boundary={boundary}", **ORIGIN)
    assert response.status_code == 303
    assert Comment.objects.values_list("author_name", "body").get() == ("Amal\ufffd", "bad \ufffd( bytes")


def test_null_bytes_are_refused_with_a_message_and_the_text_kept(client, site):
    response = client.post("/comments/post/", fields(site["article"], comment="Before\x00after, my careful words."), **ORIGIN)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Your text contains a null character, which cannot be posted. Please remove it; your text is kept." in html
    assert "after, my careful words." in html
    assert Comment.objects.count() == 0


def test_one_megabyte_comment_is_refused_with_its_length(client, site):
    response = client.post("/comments/post/", fields(site["article"], comment="x" * 1_048_576), **ORIGIN)
    assert response.status_code == 400
    assert "Please shorten your comment to 5000 characters (it has 1048576)." in response.content.decode()
    assert Comment.objects.count() == 0


def test_body_past_the_upload_limit_is_a_clear_413(client, site, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    response = client.post("/comments/post/", fields(site["article"], comment="y" * 200_000), **ORIGIN)
    assert response.status_code == 413
    assert "it is far longer than any comment we accept (5,000 characters)" in response.content.decode()


def test_maximum_length_is_a_setting(client, site):
    set_comment_settings(max_length=100)
    response = client.post("/comments/post/", fields(site["article"], comment="z" * 101), **ORIGIN)
    assert response.status_code == 400
    assert "Please shorten your comment to 100 characters (it has 101)." in response.content.decode()
    assert 'maxlength="100"' in client.get(site["article"].url).content.decode()


def test_garbage_hidden_fields_are_refused_cleanly(client, site):
    assert client.post("/comments/post/", fields(site["article"], article="x' OR 1=1"), **ORIGIN).status_code == 400
    response = client.post("/comments/post/", fields(site["article"], parent="abc", elapsed="NaN"), **ORIGIN)
    assert response.status_code == 400
    assert client.post("/comments/post/", fields(site["article"], elapsed="1e308"), **ORIGIN).status_code == 303


XSS = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "</textarea><script>alert(2)</script>",
    "' onmouseover='alert(3)",
]


def assert_inert(html):
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<svg/onload" not in html
    assert 'href="javascript:' not in html
    assert "onmouseover='alert" not in html


@pytest.mark.parametrize("payload", XSS)
def test_script_in_every_field_stays_inert_everywhere_it_is_shown(client, site, admin_client, payload):
    make_comment(site["article"], "Trusted before.", email="x@example.org")
    client.post("/comments/post/", fields(site["article"], author=payload, email="x@example.org", comment=f"{payload} text", url="https://ok.example/?q=" + payload[:20]), **ORIGIN)
    held = client.post("/comments/post/", fields(site["article"], author=payload, email="new@example.org", comment=f"held {payload}"), **ORIGIN)
    refused = client.post("/comments/post/", fields(site["article"], author=payload, email=payload, comment=payload, url=payload), **ORIGIN)
    assert refused.status_code == 400
    pages = [
        client.get(site["article"].url).content.decode(),
        client.get(held["Location"]).content.decode(),
        refused.content.decode(),
        client.get("/comments/feed/").content.decode(),
        client.get(f"/comments/feed/{site['article'].pk}/").content.decode(),
        admin_client.get("/admin/comments/?status=all").content.decode(),
    ]
    comment = Comment.objects.filter(author_name=payload).first()
    pages.append(admin_client.get(f"/admin/comments/{comment.pk}/").content.decode())
    pages.append(client.get(f"/comments/{comment.pk}/report/").content.decode())
    for html in pages:
        assert_inert(html)


def test_feed_descriptions_carry_escaped_text_only(client, site):
    make_comment(site["article"], "<b>bold</b> & <script>x()</script>")
    xml = client.get("/comments/feed/").content.decode()
    # The description is HTML, escaped once more as XML: a feed reader shows the tags as text.
    assert "&lt;p&gt;&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt; &amp;amp; &amp;lt;script&amp;gt;" in xml
    assert "<script>" not in xml and "&lt;script&gt;" not in xml


# rate limits ------------------------------------------------------------------------------
def test_flood_from_one_address_is_cut_off_with_429_while_readers_are_served(site):
    flooder, reader = Client(REMOTE_ADDR="203.0.113.50"), Client(REMOTE_ADDR="198.51.100.1")
    statuses = []
    for i in range(60):
        response = flooder.post("/comments/post/", fields(site["article"], email=f"bot{i}@example.org", comment=f"Flood message number {i} here."), **ORIGIN)
        statuses.append(response.status_code)
        if i % 10 == 0:
            assert reader.get(site["article"].url).status_code == 200
    assert statuses[:5] == [303] * 5
    assert set(statuses[5:]) == {429}
    assert Comment.objects.count() == 5
    kept = flooder.post("/comments/post/", fields(site["article"], comment="Sixth"), **ORIGIN)
    assert kept.status_code == 429
    assert kept["Retry-After"].isdigit()
    assert kept["Content-Type"].startswith("text/plain")  # far past the limit: no page render
    assert "Too many posts from your address. Please wait" in kept.content.decode()


def test_first_post_over_the_limit_gets_the_form_back_with_a_clear_message(site):
    reader = Client(REMOTE_ADDR="203.0.113.51")
    for i in range(5):
        assert reader.post("/comments/post/", fields(site["article"], comment=f"Comment {i} about the convoy."), **ORIGIN).status_code == 303
    response = reader.post("/comments/post/", fields(site["article"], comment="My sixth careful comment."), **ORIGIN)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Your comment was not posted: your address posted 5 comments in the last 10 minutes, the most we accept. Please wait" in html
    assert "My sixth careful comment." in html
    assert response["Cache-Control"] == "private, no-store"


def test_one_email_is_limited_across_addresses(site):
    for i in range(5):
        Client(REMOTE_ADDR=f"198.51.100.{i + 10}").post("/comments/post/", fields(site["article"], comment=f"Comment {i} from one email."), **ORIGIN)
    response = Client(REMOTE_ADDR="198.51.100.99").post("/comments/post/", fields(site["article"], comment="From yet another address."), **ORIGIN)
    assert response.status_code == 429
    assert "this email address posted 5 comments" in response.content.decode()


def test_rate_limit_window_ends_and_limits_are_settings(site):
    from freezegun import freeze_time

    set_comment_settings(rate_limit_count=2, rate_limit_minutes=1)
    reader = Client(REMOTE_ADDR="203.0.113.52")
    with freeze_time("2030-01-01 12:00:05") as frozen:
        for i in range(2):
            assert reader.post("/comments/post/", fields(site["article"], comment=f"Window comment {i}."), **ORIGIN).status_code == 303
        assert reader.post("/comments/post/", fields(site["article"], comment="Third in the window."), **ORIGIN).status_code == 429
        frozen.tick(60)
        assert reader.post("/comments/post/", fields(site["article"], comment="Next window."), **ORIGIN).status_code == 303
