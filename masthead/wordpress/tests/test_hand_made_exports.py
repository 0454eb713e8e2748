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
