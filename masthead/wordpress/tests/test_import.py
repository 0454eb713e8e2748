"""Importing a WordPress export the way a publisher does, `masthead import-wordpress`, and
looking at the result as readers, moderators and old links see it."""

import json
from datetime import datetime, timezone as dt_timezone
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction, Site

from masthead.comments.actions import do_submit_comment
from masthead.comments.models import Comment, ModerationEvent
from masthead.comments.moderation import ModerationContext
from masthead.news.models import ArticlePage, Author, HomePage, SectionPage
from masthead.testing.builders import make_article, make_section, make_site, make_staff
from masthead.wordpress.models import ImportedObject

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
SITE = FIXTURES / "wxr12-site.xml"
UPLOADS = FIXTURES / "uploads"


def run_import(path=SITE, *args):
    out = StringIO()
    call_command("import_wordpress", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def article(slug):
    return ArticlePage.objects.get(slug=slug)


def utc(*args):
    return datetime(*args, tzinfo=dt_timezone.utc)


@pytest.fixture
def imported(db):
    return run_import(SITE, "--uploads", str(UPLOADS))


def test_fresh_install_gets_home_named_after_the_export_and_sections_from_top_level_categories(imported):
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage) and home.title == "Frontline Monitor"
    assert Site.objects.get(is_default_site=True).site_name == "Frontline Monitor"
    sections = {s.slug: s for s in SectionPage.objects.child_of(home)}
    assert set(sections) == {"uncategorized", "syria", "iraq", "pages"}
    assert not sections["pages"].show_in_menus
    # the nested category files its posts under its top-level ancestor and becomes a tag
    story = article("shelling-resumes-near-aleppo")
    assert story.get_parent().slug == "syria"
    assert sorted(t.name for t in story.tags.all()) == ["Aleppo", "Ceasefire", "حلب"]


def test_report_counts_every_type_and_status(imported):
    assert imported["posts"] == {"draft": 1, "future": 1, "pending": 1, "private": 1, "publish": 3}
    assert imported["pages"] == {"publish": 2}
    assert imported["comments"] == {"approved": 12, "pending": 1, "rejected": 1, "spam": 1}
    assert imported["pingbacks"] == 2
    assert (imported["categories"], imported["tags"], imported["authors"]) == (4, 3, 2)
    assert imported["attachments"] == {"copied": 1, "not_copied": 1}
    assert imported["attachments_not_copied"] == ["http://old.example.org/wp-content/uploads/2021/05/ceasefire.jpg"]
    assert imported["unknown_shortcodes"] == {"contact-form-7": 1}
    assert [s["reason"] for s in imported["skipped"]] == ["in WordPress's trash", "post type 'nav_menu_item' is not imported"]
    assert imported["redirects"] == Redirect.objects.count() == 27
    assert ArticlePage.objects.count() == 9
    assert Comment.objects.count() == 15
    assert Author.objects.count() == 2


def test_statuses_dates_and_restrictions_come_over(imported):
    published = article("shelling-resumes-near-aleppo")
    assert published.live and published.date == utc(2021, 5, 12, 6, 30)  # post_date_gmt is the instant
    assert published.author.name == "Maya Haddad"
    assert published.standfirst == "Shelling resumed overnight near Aleppo, residents said."
    assert published.comments_open and not article("هدنة-في-حلب").comments_open
    scheduled = article("election-results")
    assert not scheduled.live and scheduled.go_live_at == utc(2030, 1, 15, 7, 0)
    assert scheduled.get_latest_revision().approved_go_live_at == utc(2030, 1, 15, 7, 0)
    draft = article("draft-notes-from-mosul")  # zero GMT date: the local date in the site's zone (UTC+3)
    assert not draft.live and draft.date == utc(2021, 6, 1, 9, 0)
    assert not article("awaiting-review").live
    private = article("sources-list")
    assert private.live and [r.restriction_type for r in private.view_restrictions()] == [PageViewRestriction.LOGIN]
    protected = article("full-interview")
    (restriction,) = protected.view_restrictions()
    assert (restriction.restriction_type, restriction.password) == (PageViewRestriction.PASSWORD, "open-sesame")
    assert article("about").get_parent().slug == "pages"
    assert not ArticlePage.objects.filter(title="Deleted story").exists()


def test_private_password_scheduled_and_draft_posts_are_not_public(imported):
    client = Client()
    visible = {a.slug for a in ArticlePage.objects.readable()}
    assert visible == {"shelling-resumes-near-aleppo", "هدنة-في-حلب", "about", "team"}
    assert client.get(article("sources-list").url).status_code == 302  # to the login page
    assert "password" in client.get(article("full-interview").url).content.decode().lower()
    assert "Internal: sources list" not in client.get("/").content.decode()


def test_comments_are_threaded_and_numbered_as_wordpress_numbered_them(imported):
    story = article("shelling-resumes-near-aleppo")
    html = Client().get(story.url).content.decode()
    # WordPress numbers approved top-level comments in date order: Lina, Karim, the HTML
    # one, Anna, Deep 1; replies (Maya to Lina, Omar to Karim: his reply came first in the
    # file) sit under their parents.
    numbers = ['<span class="comment-number">1.</span> <cite class="comment-author"><bdi>Lina',
               '<span class="comment-number">2.</span> <cite class="comment-author"><bdi>Karim',
               '<span class="comment-number">3.</span> <cite class="comment-author"><bdi>&lt;b&gt;Script&lt;/b&gt; Kiddie',
               '<span class="comment-number">4.</span> <cite class="comment-author"><bdi>Анна Петрова',
               '<span class="comment-number">5.</span> <cite class="comment-author"><bdi>Deep 1']
    positions = [html.index(n) for n in numbers]
    assert positions == sorted(positions)
    assert positions[0] < html.index("Thanks Lina — we will update the story.") < positions[1]
    assert positions[1] < html.index("A reply that comes before its parent in the file.") < positions[2]
    assert "Спасибо за репортаж 🙏 — شكراً لكم" in html
    assert "12 comments" in html
    omar = Comment.objects.get(author_name="Omar")
    assert omar.parent.author_name == "Karim" and omar.created_at == utc(2021, 5, 12, 9, 0)
    assert str(omar.ip_address) == "203.0.113.3"


def test_script_in_a_comment_never_reaches_the_page(imported):
    html = Client().get(article("shelling-resumes-near-aleppo").url).content.decode()
    kiddie = Comment.objects.get(author_email="kiddie@example.com")
    assert kiddie.body == "Look here: the evidence (https://example.net/evidence)\nSecond line.\n\nNew paragraph."
    assert "evil.example" not in html and "document.cookie" not in html
    assert "<script>alert" not in html
    assert "javascript:" not in html  # a commenter's website that is not http(s) is not linked
    assert Comment.objects.get(author_name="Deep 1").author_url == ""
    assert ImportedObject.objects.get(kind="comment", wp_id="1012").data["author_url"] == "javascript:alert(1)"


def test_held_comments_only_in_the_queue_spam_and_trash_nowhere_public(imported):
    html = Client().get(article("shelling-resumes-near-aleppo").url).content.decode()
    for text in ("This one waits for a moderator.", "BUY CHEAP PILLS", "Glory to the militia!", "as Frontline Monitor reported", "A trackback excerpt"):
        assert text not in html
    held = Comment.objects.get(author_email="held@example.com")
    assert (held.status, held.moderation_reason) == ("pending", "imported as pending")
    assert Comment.objects.get(author_email="spam@spam.example").status == "spam"
    assert Comment.objects.get(author_email="troll@example.com").status == "rejected"
    assert "BUY CHEAP PILLS" not in Client().get("/comments/feed/").content.decode()
    staff = Client()
    staff.force_login(make_staff())
    queue = staff.get("/admin/comments/").content.decode()
    assert "This one waits for a moderator." in queue and "imported as pending" in queue
    assert "BUY CHEAP PILLS" not in queue  # the pending tab


def test_every_imported_comment_has_an_imported_event_and_its_meta_kept(imported):
    events = ModerationEvent.objects.filter(action=ModerationEvent.Action.IMPORTED)
    assert events.count() == Comment.objects.count() == 15
    assert events.filter(actor=None, reason__startswith="imported as pending").count() == 1
    lina = ImportedObject.objects.get(kind="comment", wp_id="1001")
    assert lina.data == {"meta": {"rating": "5"}}
    pingback = ImportedObject.objects.get(kind="pingback", wp_id="1008")
    assert pingback.object_id is None and pingback.data["url"] == "https://another.example/linking-post/"


def test_a_reply_deeper_than_the_thread_depth_is_placed_beside_the_deepest_level(imported):
    deep6 = Comment.objects.get(author_name="Deep 6")
    assert deep6.depth == 5 and deep6.parent.author_name == "Deep 4"
    assert ImportedObject.objects.get(kind="comment", object_id=deep6.pk).data["wp_parent"] == 1016


def test_imported_approved_comments_count_as_prior_approvals(imported):
    story = article("shelling-resumes-near-aleppo")
    comment = do_submit_comment(article=story, parent=None, author_name="Lina", author_email="lina@example.com", author_url="",
                                body="Back again with another thought.", context=ModerationContext(ip_address="192.0.2.9"))
    assert comment.status == "approved"


def test_content_becomes_blocks_with_images_videos_and_sanitised_html(imported):
    blocks = [(b.block_type, b.value) for b in article("shelling-resumes-near-aleppo").body]
    types = [t for t, _ in blocks]
    assert types[:4] == ["paragraph", "image", "video", "paragraph"]
    assert blocks[0][1].source == "<p>Residents reported <strong>heavy shelling</strong> overnight.<br/>\nWitnesses said it lasted until dawn.</p>"
    assert blocks[1][1]["caption"] == "Smoke over the eastern districts"
    assert blocks[2][1]["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert "if (a[b[0]]&gt; 1)" in blocks[3][1].source  # WXR 1.2's split CDATA read back whole
    html = str(article("shelling-resumes-near-aleppo").body)
    assert "javascript:" not in html and "onclick" not in html and "<script" not in html
    assert "[contact-form-7 id=\"5\" title=\"Tips\"]" in html
    assert article("shelling-resumes-near-aleppo").lead_image.title == "aleppo"
    gutenberg = [(b.block_type, b.value) for b in article("هدنة-في-حلب").body]
    assert [t for t, _ in gutenberg] == ["paragraph", "heading", "paragraph", "quote", "video", "paragraph", "image", "paragraph", "paragraph"]
    assert gutenberg[1][1] == "What we know"
    assert dict(gutenberg[3][1]) == {"text": "We hope it holds.", "attribution": "A resident"}
    assert gutenberg[4][1]["caption"] == "Footage from the square"


def test_old_links_answer_with_a_permanent_redirect(imported):
    client = Client()
    story, arabic = article("shelling-resumes-near-aleppo"), article("هدنة-في-حلب")
    for old, new in (
        ("/2021/05/12/shelling-resumes-near-aleppo/", story.url),
        ("/2021/05/12/shelling-near-aleppo/", story.url),  # _wp_old_slug
        ("/?p=101", story.url),
        ("/?page_id=111", article("team").url),
        ("/about/team/", article("team").url),
        ("/2021/05/21/%d9%87%d8%af%d9%86%d8%a9-%d9%81%d9%8a-%d8%ad%d9%84%d8%a8/", arabic.url),
        ("/category/syria/", "/syria/"),
        ("/category/syria/aleppo/", "/syria/"),
        ("/2021/05/12/", "/2021/05/"),
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert client.get(story.url).status_code == 200
    assert not Redirect.objects.filter(old_path__contains="old.example.org").exists()  # the GUID is not a URL


def test_second_import_updates_instead_of_duplicating(imported):
    counts = (ArticlePage.objects.count(), Comment.objects.count(), Redirect.objects.count(), Author.objects.count(), SectionPage.objects.count())
    again = run_import(SITE, "--uploads", str(UPLOADS))
    assert (ArticlePage.objects.count(), Comment.objects.count(), Redirect.objects.count(), Author.objects.count(), SectionPage.objects.count()) == counts
    assert again["unchanged"] == 9 and again["updated"] == 0
    for key in ("posts", "pages", "comments", "categories", "tags", "authors", "attachments", "redirects", "pingbacks"):
        assert again[key] == imported[key], key


def test_a_newer_export_updates_changed_posts_and_adds_new_comments(imported, tmp_path):
    newer = SITE.read_text().replace("Scheduled story.", "Scheduled story, revised.").replace(
        "</wp:comment>\n\t</item>\n\t<item>\n\t\t<title><![CDATA[هدنة",
        "</wp:comment>\n\t\t<wp:comment><wp:comment_id>1020</wp:comment_id><wp:comment_author>Late</wp:comment_author><wp:comment_author_email>late@example.com</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url><wp:comment_author_IP>192.0.2.20</wp:comment_author_IP><wp:comment_date>2021-06-01 10:00:00</wp:comment_date><wp:comment_date_gmt>2021-06-01 07:00:00</wp:comment_date_gmt><wp:comment_content>Cut-over day comment.</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>1004</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n\t</item>\n\t<item>\n\t\t<title><![CDATA[هدنة", 1)
    path = tmp_path / "newer.xml"
    path.write_text(newer)
    report = run_import(path, "--uploads", str(UPLOADS))
    assert (report["updated"], report["unchanged"]) == (2, 7)
    assert ArticlePage.objects.count() == 9 and Comment.objects.count() == 16
    late = Comment.objects.get(author_name="Late")
    assert late.parent.author_name == "Karim" and late.article_id == article("shelling-resumes-near-aleppo").pk
    assert article("election-results").get_latest_revision().as_object().body.raw_data[0]["value"] == "<p>Scheduled story, revised.</p>"


def test_attachments_are_copied_only_from_inside_the_uploads_directory(db, tmp_path):
    escape = SITE.read_text().replace("<![CDATA[2021/05/aleppo.jpg]]>", "<![CDATA[../../../test_import.py]]>")
    path = tmp_path / "escape.xml"
    path.write_text(escape)
    report = run_import(path, "--uploads", str(UPLOADS / "2021"))
    assert report["attachments"] == {"not_copied": 2}


def test_import_goes_next_to_an_existing_site(db):
    home = make_site("The Existing Paper")
    world = make_section(home, "Syria")
    make_article(world, "Our own story")
    report = run_import(SITE)
    assert Site.objects.get(is_default_site=True).root_page.specific.title == "The Existing Paper"
    assert ArticlePage.objects.filter(title="Our own story").exists()
    assert article("shelling-resumes-near-aleppo").get_parent().pk == world.pk  # same slug: the same section
    assert report["attachments"] == {"not_copied": 2}


def test_wxr_1_1_without_an_author_list_imports(db):
    report = run_import(FIXTURES / "wxr11-no-authors.xml")
    assert report["wxr_version"] == "1.1"
    assert report["posts"] == {"publish": 1} and report["comments"] == {"approved": 1} and report["authors"] == 1
    post = article("plain-permalinks-post")
    assert post.author.name == "olduser" and post.date == utc(2013, 3, 3, 10, 0)
    assert [b.block_type for b in post.body] == ["paragraph", "quote", "paragraph"]
    assert post.body[0].value.source == "<p>Line one<br/>\nline two</p>"
    response = Client().get("/?p=7")
    assert (response.status_code, response["Location"]) == (301, post.url)


def test_dry_run_reports_and_changes_nothing(db):
    report = run_import(SITE, "--dry-run")
    assert report["dry_run"] and report["posts"] == {"draft": 1, "future": 1, "pending": 1, "private": 1, "publish": 3}
    assert report["comments"] == {"approved": 12, "pending": 1, "rejected": 1, "spam": 1}
    assert not ArticlePage.objects.exists() and not Comment.objects.exists() and not ImportedObject.objects.exists()


def test_text_report_lists_what_a_publisher_must_check(db):
    out = StringIO()
    call_command("import_wordpress", str(SITE), stdout=out)
    text = out.getvalue()
    assert "posts:        7 (1 draft, 1 future, 1 pending, 1 private, 3 publish)" in text
    assert "comments:     15 (12 approved, 1 pending, 1 rejected, 1 spam)" in text
    assert "unknown shortcodes kept as text: [contact-form-7] ×1" in text
    assert "post 108 'Deleted story': in WordPress's trash" in text
    assert "attachments not copied (left at their original URL): 2\n" in text


def test_admin_page_imports_an_uploaded_export_and_shows_the_report(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = Client()
    staff.force_login(make_staff())
    assert staff.get("/admin/wordpress-import/").status_code == 200
    upload = SimpleUploadedFile("export.xml", SITE.read_bytes(), content_type="text/xml")
    html = staff.post("/admin/wordpress-import/", {"export": upload}).content.decode()
    assert "export.xml (WXR 1.2, 13 items): imported" in html
    assert "comments:     15 (12 approved, 1 pending, 1 rejected, 1 spam)" in html
    assert ArticlePage.objects.count() == 9
    bad = SimpleUploadedFile("broken.xml", (FIXTURES / "truncated.xml").read_bytes())
    response = staff.post("/admin/wordpress-import/", {"export": bad})
    assert response.status_code == 400
    assert "broken.xml is not well-formed XML: unclosed CDATA section (line 30, column 166). Nothing was imported." in response.content.decode()


def test_admin_import_page_is_for_superusers_only(db):
    editor = Client()
    editor.force_login(make_staff("editor", superuser=False))
    assert editor.get("/admin/wordpress-import/").status_code in (302, 403)


def test_an_imported_article_has_the_editors_revision_and_history_and_opens_in_the_editor(imported):
    from wagtail.models import PageLogEntry

    story = article("shelling-resumes-near-aleppo")
    assert story.live and not story.has_unpublished_changes and story.first_published_at is not None
    assert story.live_revision_id == story.latest_revision_id and story.revisions.count() == 1
    assert story.get_latest_revision().as_object().title == story.title
    actions = sorted(PageLogEntry.objects.filter(page=story).values_list("action", flat=True))
    assert actions == ["wagtail.create", "wagtail.edit", "wagtail.publish"]
    draft = article("draft-notes-from-mosul")
    assert not draft.live and draft.has_unpublished_changes and draft.live_revision_id is None and draft.latest_revision_id
    assert sorted(PageLogEntry.objects.filter(page=draft).values_list("action", flat=True)) == ["wagtail.create", "wagtail.edit"]
    from wagtail.models import Page

    assert all(not problems for problems in Page.find_problems())  # treebeard: paths, depths, numchild all consistent
    staff = Client()
    staff.force_login(make_staff())
    assert "<br/>" in story.body[0].value.source
    for page in (story, article("about"), draft):  # the story has a line break (<br/>, as the editor stores it)
        assert staff.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


def test_the_import_purges_the_page_cache_once_not_per_article(db, monkeypatch):
    from masthead.news import cache_tags
    from masthead.pagecache import store

    purged = []
    monkeypatch.setattr(store, "purge", lambda *tags: purged.append(set(tags)))
    run_import(SITE)
    articles_purged = {t for tags in purged for t in tags if t.startswith("article:")}
    # only the scheduled one, which takes the editor's publish path (its go-live date)
    assert articles_purged == {cache_tags.article(article("election-results").pk)}
    assert purged[-1] == {cache_tags.CHROME}


WORDPRESS_COM = FIXTURES / "wxr12-wordpress-com.xml"


@pytest.mark.parametrize("dry_run", [False, True])
def test_real_export_shapes_https_namespaces_terms_listed_twice_and_items_without_post_id(db, dry_run):
    """Found by importing WordPress's own theme test data (themeunittestdata.wordpress.xml,
    64-block-test-data.xml, theme-preview.xml): a WordPress.com export was refused as "an RSS
    feed", each term was counted twice, and items without wp:post_id were merged into one."""
    report = run_import(WORDPRESS_COM, *(["--dry-run"] if dry_run else []))
    assert report["posts"] == {"publish": 3}
    assert (report["categories"], report["tags"], report["authors"]) == (3, 2, 1)  # "bridges" is used, not listed
    [skipped] = report["skipped"]
    assert skipped["item"].startswith("post 0 'No Id Anywhere'") and "no WordPress id" in skipped["reason"]
    if dry_run:
        assert not ArticlePage.objects.exists()
        return
    titles = set(ArticlePage.objects.values_list("title", flat=True))
    assert titles == {"River Rises Above The Old Bridge", "Hand-Made Item With Its Id In The Guid", "Another Hand-Made Item"}
    assert sorted(t.name for t in article("river-rises").tags.all()) == ["Bridges", "Floods", "Local"]
    assert Client().get("/?p=12", follow=True).request["PATH_INFO"] == "/media-section/another-hand-made-item/"
    assert Client().get("/category/media/", follow=True).request["PATH_INFO"] == "/media-section/"  # /media/ is uploads
    assert run_import(WORDPRESS_COM)["unchanged"] == 3  # keyed on the ids found in the guids
