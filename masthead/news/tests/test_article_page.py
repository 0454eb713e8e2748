import pytest

from masthead.fundraising.actions import do_record_entry, do_set_goal
from masthead.testing.builders import aware, make_article, make_comment, make_support_page

pytestmark = pytest.mark.django_db

VIDEO = ("video", {"url": "https://www.youtube.com/watch?v=M7lc1UVf-VE", "caption": "Footage"})


def test_article_page_shows_every_element_of_the_mission_page_in_order(client, site):
    from django.utils import timezone

    make_support_page(site["home"])
    do_set_goal(month=timezone.localdate(), amount_minor=500000, currency="USD")
    do_record_entry(amount_minor=34000, currency="USD")
    article = make_article(site["section"], "Forces Continue Operations (Video)", paragraphs=("Body one.", "Body two."),
                           blocks=[VIDEO], tags=["ISIS"], date=aware(2021, 6, 11, 10))
    first = make_comment(article, "First!", name="Mohammed Mohammed")
    make_comment(article, "A reply.", name="Replier", email="r@example.org", parent=first)
    make_comment(article, "Second.", name="northerntruthseeker .", email="n@example.org")

    html = client.get(article.url).content.decode()

    markers = [
        'role="progressbar"',
        "0 $", "2,500 $", "5,000 $",
        "Forces Continue Operations (Video)</h1>",
        "June 11, 2021",
        ">World</a>",
        ">ISIS</a>",
        "Support The Test Dispatch",
        "Body one.",
        "Body two.",
        "youtube-nocookie.com/embed/M7lc1UVf-VE",
        "Support The Test Dispatch",
        '<span class="comment-number">1.</span>',
        "Mohammed Mohammed</bdi></cite> <span class=\"says\">says:</span>",
        "A reply.",
        '<span class="comment-number">2.</span>',
        "northerntruthseeker .</bdi></cite>",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked",
        'for="id_author">Name <span class="required"',
        'for="id_email">Email <span class="required"',
        'for="id_url">Website</label>',
        'for="id_comment">Comment <span class="required"',
    ]
    position = 0
    for marker in markers:
        found = html.find(marker, position)
        assert found >= 0, f"{marker!r} missing after position {position}"
        position = found + len(marker)
    assert 'aria-valuenow="340"' in html and 'aria-valuemax="5000"' in html


def test_replies_are_threaded_under_their_parent_and_not_numbered(client, site):
    article = site["article"]
    parent = make_comment(article, "Parent text.", name="Parent")
    make_comment(article, "Child text.", name="Child", email="c@example.org", parent=parent)
    html = client.get(article.url).content.decode()
    start = html.index(f'id="comment-{parent.pk}"')
    children = html.index('<ol class="children">', start)
    assert html.index("Parent text.", start) < children < html.index("Child text.")
    assert html.count('class="comment-number"') == 1


def test_every_comment_has_a_permalink_anchor_and_a_reply_link(client, site):
    comment = make_comment(site["article"], "Anchor me.")
    html = client.get(site["article"].url).content.decode()
    assert f'id="comment-{comment.pk}"' in html
    assert f'href="#comment-{comment.pk}"' in html
    assert f'href="?replytocom={comment.pk}#respond"' in html


def test_reply_link_opens_the_form_as_a_reply_without_javascript(client, site):
    comment = make_comment(site["article"], "Reply to me.", name="Asker")
    html = client.get(f"{site['article'].url}?replytocom={comment.pk}").content.decode()
    assert "Leave a Reply to <bdi>Asker</bdi>" in html
    assert f'name="parent" value="{comment.pk}"' in html


def test_anonymous_readers_all_get_the_same_bytes_with_no_token_or_cookie(client, site):
    make_comment(site["article"], "Shared page.")
    first = client.get(site["article"].url)
    second = client.get(site["article"].url, HTTP_USER_AGENT="another reader")
    assert first.content == second.content
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert not first.cookies
    assert "Cookie" not in first.get("Vary", "")


def test_article_dated_in_the_future_is_not_served(client, site):
    from django.utils import timezone

    future = make_article(site["section"], "Tomorrow's news", date=timezone.now() + timezone.timedelta(days=1))
    assert client.get(future.url).status_code == 404


def test_draft_article_is_not_served(client, site):
    article = site["article"]
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_video_embed_renders_without_network_calls(client, site, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the page tried to open a network connection")

    article = make_article(site["section"], "With video", blocks=[VIDEO])
    monkeypatch.setattr(socket, "create_connection", no_network)
    html = client.get(article.url).content.decode()
    assert '<iframe src="https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"' in html
    assert "Watch on YouTube" in html


@pytest.mark.parametrize("comments", [1, 41])
def test_article_page_query_count_is_pinned_whatever_the_number_of_comments(client, site, comments, django_assert_num_queries):
    article = site["article"]
    parent = make_comment(article, "parent")
    for i in range(comments - 1):
        make_comment(article, f"comment {i}", name=f"Reader {i}", email=f"r{i}@example.org", parent=parent if i % 3 == 0 else None)
    client.get(article.url)  # warm the page-tree caches Wagtail and masthead keep
    # Routing (news/routing.py): the article by its url_path (with its author and lead
    # image), then its section (the site is
    # found from the cached Site rows, core/site.py: no query); the view
    # restrictions of the article and its sections in one query, asked by Wagtail's serve
    # hook and reused to mark a restricted page private (ArticlePage.get_view_restrictions);
    # tags, comments (2); related reading comes from the cache (news/related.py; computed by
    # the first render in 2 queries, 3 with tags: test_related.py), as do the goal bar, menu
    # and support link.
    with django_assert_num_queries(5):
        assert client.get(article.url).status_code == 200


def test_a_table_in_the_body_is_a_real_table_and_its_cells_are_searchable(client, site):
    table = {"data": [["Party", "Seats"], ["Alliance <b>x</b>", "31"]], "first_row_is_table_header": True,
             "first_col_is_header": False, "table_caption": "Results, Qaraqosh district"}
    article = make_article(site["section"], title="Results Are In", blocks=[("table", table)])
    html = client.get(article.url).content.decode()
    assert '<div class="table-scroll" tabindex="0" role="region" aria-label="Results, Qaraqosh district">' in html
    assert "<caption>Results, Qaraqosh district</caption>" in html
    assert '<th scope="col"' in html and "Alliance &lt;b&gt;x&lt;/b&gt;" in html  # cells are text, never markup
    assert "Results Are In" in client.get("/search/", {"q": "Qaraqosh"}).content.decode()


def test_preformatted_text_keeps_its_spacing_and_inline_code_is_code(client, site):
    """Verse, a statement's exact layout or a command: spacing is meaning, so it is shown as typed
    (escaped, never markup) and found by search; inline <code> survives the rich-text editor."""
    verse = "Line one\n    indented <i>two</i>\n\n  after a blank"
    article = make_article(site["section"], title="As Written", blocks=[
        ("paragraph", "<p>Run <code>ls -la</code> first.</p>"), ("preformatted", verse)])
    html = client.get(article.url).content.decode()
    assert '<pre class="preformatted" tabindex="0">Line one\n    indented &lt;i&gt;two&lt;/i&gt;\n\n  after a blank</pre>' in html
    assert "<p>Run <code>ls -la</code> first.</p>" in html
    assert "As Written" in client.get("/search/", {"q": "indented"}).content.decode()


def test_a_lead_image_costs_one_query_an_author_none_and_no_cache_write(client, site, django_assert_num_queries, monkeypatch):
    from django.core.cache import caches

    from masthead.testing.builders import make_author, make_image

    article = make_article(site["section"], "Pictured From The Bridge", lead_image=make_image("Bridge", width=1280, height=720),
                           author=make_author("Lina Haddad"))
    client.get(article.url)  # the renditions are made
    writes = []
    cache = caches["default"]
    monkeypatch.setattr(cache, "set", lambda *args, **kwargs: writes.append(args[0]))
    monkeypatch.setattr(cache, "set_many", lambda data, *args, **kwargs: writes.extend(data))
    # the 5 of an article without one, plus all the image's renditions (srcset and meta); the
    # image itself comes with the article (news/routing.py)
    with django_assert_num_queries(6):
        html = client.get(article.url).content.decode()
    assert 'srcset="' in html and "og:image" in html and "Lina Haddad" in html
    assert not [key for key in writes if "rendition" in key]
