"""The import goes in batches of posts, one transaction each (wordpress/actions.py flush,
news/actions.py import_articles): the result is the same as item by item, the page tree is
Wagtail's, and a run stopped halfway leaves whole batches that a second run completes."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from masthead.comments.models import Comment
from masthead.news.models import ArticlePage, ArticleTag, SectionPage
from masthead.testing.builders import make_staff
from masthead.wordpress import actions
from masthead.wordpress.models import ImportedObject
from masthead.wordpress.tests.test_import import SITE, UPLOADS

pytestmark = pytest.mark.django_db


def run_import(path=SITE, *args):
    out = StringIO()
    call_command("import_wordpress", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def snapshot():
    """What an import made, independent of database ids and batch boundaries."""
    return {
        "articles": sorted(ArticlePage.objects.values_list("title", "slug", "live", "url_path", "date")),
        "tags": sorted(ArticleTag.objects.values_list("content_object__slug", "tag__name")),
        "comments": sorted(Comment.objects.values_list("article__slug", "author_name", "depth", "status", "parent__author_name")),
        "revisions": Revision.page_revisions.count(),
        "log": sorted(PageLogEntry.objects.values_list("page__slug", "action")),
        "mapped": sorted(ImportedObject.objects.values_list("kind", "wp_id")),
    }


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(actions, "BATCH_SIZE", 2)  # the fixture's 9 posts and pages: 5 batches


def test_batches_of_two_import_what_one_batch_imports(db, django_db_blocker, small_batches, monkeypatch):
    report = run_import(SITE, "--uploads", str(UPLOADS))
    small = snapshot()
    # The same file again into an emptied site, all in one batch.
    for page in SectionPage.objects.all():
        page.delete()
    ImportedObject.objects.all().delete()
    monkeypatch.setattr(actions, "BATCH_SIZE", 250)
    again = run_import(SITE, "--uploads", str(UPLOADS))
    assert snapshot() == small
    assert {k: v for k, v in again.items() if k != "sections_created"} == {k: v for k, v in report.items() if k != "sections_created"}
    assert len(small["articles"]) == 9 and len(small["comments"]) == 15


def test_the_page_tree_is_wagtails_after_a_batched_import(db, small_batches):
    run_import(SITE, "--uploads", str(UPLOADS))
    assert all(not problems for problems in Page.find_problems())  # paths, depths, numchild
    for section in SectionPage.objects.all():
        assert section.numchild == section.get_children().count()
        paths = list(section.get_children().values_list("path", flat=True))
        assert len(set(paths)) == len(paths)
    live = set(Page.objects.live().type(ArticlePage).values_list("slug", flat=True))
    assert live == set(ArticlePage.objects.filter(live=True).values_list("slug", flat=True))
    assert {"shelling-resumes-near-aleppo", "about"} <= live and "draft-notes-from-mosul" not in live
    story = ArticlePage.objects.get(slug="shelling-resumes-near-aleppo")
    assert story.get_parent().specific.slug == "syria" and story.url == "/syria/shelling-resumes-near-aleppo/"
    # The editor's page explorer lists the section's articles.
    staff = Client()
    staff.force_login(make_staff())
    listing = staff.get(f"/admin/pages/{story.get_parent().pk}/").content.decode()
    assert story.title in listing
    # A page added afterwards by the editor's path goes after the imported ones.
    extra = story.get_parent().add_child(instance=ArticlePage(title="Added later", slug="added-later", body=[]))
    assert extra.path > max(story.get_parent().get_children().exclude(pk=extra.pk).values_list("path", flat=True))


def test_imported_articles_are_searchable_and_their_references_indexed(db, small_batches):
    run_import(SITE, "--uploads", str(UPLOADS))
    story = ArticlePage.objects.get(slug="shelling-resumes-near-aleppo")
    found = ArticlePage.objects.live().search("Aleppo")
    assert story.pk in {page.pk for page in found}
    assert '<a href="/syria/shelling-resumes-near-aleppo/"><mark>Shelling</mark> resumes' in Client().get("/search/?q=shelling").content.decode()
    # its featured image (an attachment copied from --uploads) is a reference Wagtail's
    # usage count ("used on 1 page") sees
    assert story.lead_image is not None
    assert ReferenceIndex.get_references_to(story.lead_image).filter(object_id=str(story.pk)).exists()


def test_slugs_that_collide_in_one_batch_or_with_the_site_get_the_wordpress_id(db, tmp_path):
    text = SITE.read_text()
    # A second post with the slug of the first, in the same section, in the same batch.
    twin = text.replace("<wp:post_id>101</wp:post_id>", "<wp:post_id>901</wp:post_id>", 1)
    start = twin.index("<item>", twin.index("<wp:post_id>901</wp:post_id>") - 3000)
    item = twin[start:twin.index("</item>", start) + len("</item>")]
    assert "<wp:post_id>901</wp:post_id>" in item
    item = re.sub(r"<wp:comment>.*?</wp:comment>", "", item, flags=re.S)  # comment ids are unique in a site
    path = tmp_path / "twin.xml"
    path.write_text(text.replace("</channel>", item + "\n</channel>"))
    run_import(path)
    slugs = set(ArticlePage.objects.filter(title__startswith="Shelling resumes").values_list("slug", flat=True))
    assert slugs == {"shelling-resumes-near-aleppo", "shelling-resumes-near-aleppo-901"}
    assert all(not problems for problems in Page.find_problems())


def test_a_run_stopped_in_a_batch_leaves_whole_batches_and_a_second_run_finishes(db, small_batches, monkeypatch):
    calls = []
    real = actions.import_comments

    def failing(specs):
        calls.append(len(specs))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(specs)

    monkeypatch.setattr(actions, "import_comments", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        run_import(SITE, "--uploads", str(UPLOADS))
    # The first batch is in, whole: its two items, their comments and mapping rows; nothing
    # of the second batch.
    posts = ImportedObject.objects.filter(kind="post")
    assert posts.count() == ArticlePage.objects.count() == 2
    assert set(Comment.objects.values_list("article_id", flat=True)) <= set(posts.values_list("object_id", flat=True))
    assert Comment.objects.count() == calls[0]
    assert all(not problems for problems in Page.find_problems())
    monkeypatch.setattr(actions, "import_comments", real)
    report = run_import(SITE, "--uploads", str(UPLOADS))
    assert (report["unchanged"], report["updated"]) == (2, 0)
    assert ArticlePage.objects.count() == 9 and Comment.objects.count() == 15
    assert all(not problems for problems in Page.find_problems())


def test_item_digest_is_the_one_earlier_imports_stored(db):
    """Digests are compared with those stored by earlier runs: computing them faster must
    not change them (else every post of a re-import would count as changed once)."""
    import hashlib
    from dataclasses import asdict

    from masthead.wordpress import wxr

    items = [r for r in wxr.Reader(SITE) if isinstance(r, wxr.Item)]
    assert any(item.comments for item in items)
    for item in items:
        stored = hashlib.sha1(json.dumps(asdict(item), sort_keys=True, default=str).encode()).hexdigest()
        assert actions.item_digest(item) == stored
