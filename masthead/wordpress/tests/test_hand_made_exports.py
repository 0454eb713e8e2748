"""Exports written by hand or by other tools, as WordPress's own importer meets them in its
test data (WordPress/wordpress-importer phpunit/data): fields with white space around them,
items without a type or a status. The import does what WordPress does with them."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>
  Hand Made
</title>
<wp:wxr_version>1.2</wp:wxr_version>
"""


def run_import(tmp_path, body):
    path = tmp_path / "export.xml"
    path.write_text(HEAD + body + "</channel></rss>")
    out = StringIO()
    call_command("import_wordpress", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_fields_spread_over_lines_are_read_trimmed_but_content_keeps_its_lines(tmp_path):
    report = run_import(tmp_path, """
<wp:author><wp:author_id>1
</wp:author_id><wp:author_login>alice
</wp:author_login><wp:author_display_name>Alice Aziz
</wp:author_display_name></wp:author>
<item><title>Sample</title><dc:creator>alice</dc:creator>
<wp:post_id> 7
</wp:post_id><wp:post_type>post
</wp:post_type><wp:status>
publish</wp:status><wp:post_name>sample
</wp:post_name>
<category domain="category" nicename=" news "><![CDATA[News ]]></category>
<content:encoded><![CDATA[first paragraph

second paragraph]]></content:encoded></item>
""")
    assert report["site_name"] == "Hand Made"
    assert report["posts"] == {"publish": 1} and report["authors"] == 1 and report["categories"] == 1
    story = ArticlePage.objects.get(slug="sample")
    assert story.live and story.author.name == "Alice Aziz" and story.get_parent().slug == "news"
    assert [block.value.source for block in story.body] == ["<p>first paragraph</p>", "<p>second paragraph</p>"]


def test_an_item_without_a_type_is_a_post_and_without_a_status_a_draft_never_published(tmp_path):
    """WordPress (wp_insert_post) defaults a missing type to post and a missing status to
    draft. The status used to default to publish: a hand-made item went public on a guess."""
    report = run_import(tmp_path, """
<item><title>No status</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>
<content:encoded>a</content:encoded></item>
<item><title>Empty status and type</title><wp:post_id>2</wp:post_id><wp:post_type></wp:post_type><wp:status></wp:status>
<content:encoded>b</content:encoded></item>
""")
    assert report["posts"] == {"draft": 2} and report["skipped"] == []
    assert not ArticlePage.objects.live().exists()
    assert set(ArticlePage.objects.values_list("title", flat=True)) == {"No status", "Empty status and type"}


def test_a_reusable_block_from_the_export_is_placed_in_the_post_that_uses_it(tmp_path):
    """WordPress 6 exports reusable blocks ("synced patterns") as wp_block items, after or before
    the posts that use them; a reference to one the file lacks is reported by its id."""
    report = run_import(tmp_path, """
<item><title>Uses it</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<content:encoded><![CDATA[<!-- wp:paragraph --><p>Story.</p><!-- /wp:paragraph -->
<!-- wp:block {"ref":9} /-->
<!-- wp:block {"ref":10} /-->]]></content:encoded></item>
<item><title>Support box</title><wp:post_id>9</wp:post_id><wp:post_type>wp_block</wp:post_type><wp:status>publish</wp:status>
<content:encoded><![CDATA[<!-- wp:paragraph --><p>Reader-funded since 2014.</p><!-- /wp:paragraph -->]]></content:encoded></item>
""")
    story = ArticlePage.objects.get(title="Uses it")
    assert [block.value.source for block in story.body] == ["<p>Story.</p>", "<p>Reader-funded since 2014.</p>"]
    assert report["reusable_blocks_missing"] == ["10"]
    assert report["skipped"] == [{"item": "wp_block 9 'Support box'", "reason": "a reusable block: its content is placed in the posts that use it"}]
    assert not ArticlePage.objects.filter(title="Support box").exists()


def test_an_undated_comment_on_an_undated_draft_is_imported_not_a_crash(tmp_path):
    """WordPress's accessibility test data has such an item: the import stopped with a database
    error (NOT NULL created_at). The comment takes the post's date, else the import's."""
    report = run_import(tmp_path, """
<item><title>Page with comments</title><wp:post_id>156</wp:post_id>
<wp:comment><wp:comment_id>167</wp:comment_id><wp:comment_author>Anon</wp:comment_author>
<wp:comment_content>Anonymous comment.</wp:comment_content></wp:comment></item>
""")
    assert report["posts"] == {"draft": 1} and report["comments"] == {"approved": 1}
    comment = ArticlePage.objects.get(title="Page with comments").comments.get()
    assert comment.body == "Anonymous comment." and comment.created_at is not None


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_repeated_id_keeps_the_first_item_and_lists_the_second(tmp_path, dry_run):
    """WordPress's accessibility test data repeats id 156 (two pages): the second silently
    overwrote the first (title, content) and the report said 'updated: 1' on a fresh import."""
    path = tmp_path / "export.xml"
    path.write_text(HEAD + """
<item><title>Page with comments</title><wp:post_id>156</wp:post_id><wp:post_type>page</wp:post_type><wp:status>publish</wp:status>
<content:encoded>first</content:encoded></item>
<item><title>Page with comments disabled</title><wp:post_id>156</wp:post_id><wp:post_type>page</wp:post_type><wp:status>publish</wp:status>
<content:encoded>second</content:encoded></item>
</channel></rss>""")
    out = StringIO()
    call_command("import_wordpress", str(path), "--json", *(["--dry-run"] if dry_run else []), stdout=out)
    report = json.loads(out.getvalue())
    assert report["pages"] == {"publish": 1} and report["updated"] == 0
    assert report["skipped"] == [{"item": "page 156 'Page with comments disabled'",
                                  "reason": "an earlier item of this file has the same WordPress id; that one was imported"}]
    if not dry_run:
        assert list(ArticlePage.objects.values_list("title", flat=True)) == ["Page with comments"]
