"""An export with many top-level categories (WordPress's theme test data has 59) would make
the header menu a wall: the import keeps the sections with the most articles in the menu
and says which it left out."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from masthead.news.models import SectionPage
from masthead.wordpress.actions import MENU_SECTIONS

pytestmark = pytest.mark.django_db

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Many Sections</title><link>http://many.example.org</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>http://many.example.org</wp:base_site_url>
"""


def export(tmp_path, posts_per_category):
    parts, post_id = [HEAD], 100
    for c in range(len(posts_per_category)):
        parts.append(f"<wp:category><wp:term_id>{c + 1}</wp:term_id><wp:category_nicename>topic-{c}</wp:category_nicename>"
                     f"<wp:category_parent></wp:category_parent><wp:cat_name>Topic {c}</wp:cat_name></wp:category>\n")
    for c, count in enumerate(posts_per_category):
        for _ in range(count):
            post_id += 1
            parts.append(f"""<item><title>Post {post_id}</title><link>http://many.example.org/?p={post_id}</link>
<content:encoded><![CDATA[Text.]]></content:encoded><wp:post_id>{post_id}</wp:post_id>
<wp:post_date>2021-05-01 09:00:00</wp:post_date><wp:post_date_gmt>2021-05-01 09:00:00</wp:post_date_gmt>
<wp:post_name>post-{post_id}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="topic-{c}"><![CDATA[Topic {c}]]></category></item>
""")
    parts.append("</channel></rss>\n")
    path = tmp_path / "many.xml"
    path.write_text("".join(parts))
    return path


def run(path, *args):
    out = StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out)
    return out.getvalue()


def test_only_the_largest_sections_stay_in_the_menu_and_the_report_names_the_others(tmp_path):
    sizes = [1, 5, 2, 7, 3, 9, 1, 4, 6, 8, 2, 10]  # twelve top-level categories
    path = export(tmp_path, sizes)
    report = json.loads(run(path, "--json"))
    largest = sorted(range(len(sizes)), key=lambda c: -sizes[c])[:MENU_SECTIONS]
    in_menu = set(SectionPage.objects.live().in_menu().values_list("title", flat=True))
    assert in_menu == {f"Topic {c}" for c in largest}
    assert sorted(report["sections_out_of_menu"]) == sorted(f"Topic {c}" for c in range(len(sizes)) if c not in largest)
    # Left out of the menu, not out of the site; the editor sees the same setting.
    home = Client().get("/").content.decode()
    assert 'href="/topic-5/"' in home and 'href="/topic-0/"' not in home.split("</nav>")[0]
    left_out = SectionPage.objects.get(title="Topic 0")
    assert Client().get(left_out.url).status_code == 200
    assert left_out.get_latest_revision_as_object().show_in_menus is False and left_out.live_revision_id == left_out.latest_revision_id
    assert all(not problems for problems in Page.find_problems())  # the sections' numchild survived their new revision
    # The text report says so; a second run changes nothing (an editor's choices stay).
    text = run(path)
    assert "menu: 4 of the sections created are left out of the site's menu" not in text  # none created this time
    SectionPage.objects.filter(title="Topic 0").update(show_in_menus=True)
    run(path)
    assert SectionPage.objects.get(title="Topic 0").show_in_menus


def test_a_few_sections_all_stay_in_the_menu(tmp_path):
    first = run(export(tmp_path, [1, 2, 3]))
    assert "menu:" not in first
    assert SectionPage.objects.live().in_menu().count() == 3


def test_the_text_report_lists_the_sections_left_out(tmp_path):
    text = run(export(tmp_path, [1] * (MENU_SECTIONS + 2)))
    assert "menu: 2 of the sections created are left out of the site's menu" in text
