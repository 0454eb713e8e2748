"""The editor's way in: the dashboard's newsroom panel, the comments waiting, the editors'
groups on the site, and no "Configure a site" prompt."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from masthead.news.models import ArticlePage
from masthead.testing.builders import make_article, make_comment, make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, site):
    client.force_login(make_staff("editor"))
    return client


def test_dashboard_offers_new_article_with_a_section_choice(editor, site):
    make_section(site["home"], "Analysis")
    html = editor.get("/admin/").content.decode()
    assert '<form class="newsroom-new-article" method="get" action="/admin/news/new-article/">' in html
    assert f'<option value="{site["section"].pk}">World</option>' in html and ">Analysis</option>" in html
    response = editor.get(f"/admin/news/new-article/?section={site['section'].pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/add/news/articlepage/{site['section'].pk}/"
    assert editor.get("/admin/news/new-article/?section=nonsense").status_code == 404


def test_dashboard_lists_latest_drafts_and_scheduled_articles(editor, site):
    draft = make_article(site["section"], "Half Written Draft")
    draft.unpublish()
    later = make_article(site["section"], "Embargoed Until Noon")
    later.unpublish()
    go_live = timezone.now() + timedelta(hours=5)
    later.go_live_at = go_live
    later.save_revision().publish()  # a future go-live: scheduled, not live
    html = editor.get("/admin/").content.decode()
    drafts = html.split('id="newsroom-drafts"', 1)[1].split("</section>", 1)[0]
    scheduled = html.split('id="newsroom-scheduled"', 1)[1].split("</section>", 1)[0]
    assert "Half Written Draft" in drafts and "Embargoed Until Noon" not in drafts
    assert "Embargoed Until Noon" in scheduled and f"/admin/pages/{later.pk}/edit/" in scheduled
    assert f"goes live {timezone.localtime(go_live):%a %-d %b, %H:%M}" in scheduled


def test_dashboard_counts_comments_waiting_and_links_to_the_queue(editor, site):
    make_comment(site["article"], "held one", email="a@example.org", approve=False)
    make_comment(site["article"], "held two", email="b@example.org", approve=False)
    make_comment(site["article"], "fine", email="c@example.org")
    html = editor.get("/admin/").content.decode()
    assert '<a href="/admin/comments/?status=pending"><strong class="comments-waiting-count">2</strong> comments waiting for moderation</a>' in html


def test_the_site_is_configured_so_the_explorer_never_asks_to_configure_one(editor, site):
    html = editor.get("/admin/pages/").content.decode()
    assert "Configure a site now" not in html
    assert "The site's home page is listed below" in html


def test_editors_groups_may_work_on_the_site_and_publishers_are_not_called_moderators(client, site):
    assert not Group.objects.filter(name="Moderators").exists()
    writer = make_staff("writer", superuser=False)
    writer.groups.add(Group.objects.get(name="Editors"))
    from django.contrib.auth.models import Permission

    writer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(writer)
    html = client.get("/admin/").content.decode()
    assert f'<option value="{site["section"].pk}">World</option>' in html
    perms = site["section"].permissions_for_user(writer)
    assert perms.can_add_subpage() and not perms.can_publish()
    publisher = make_staff("publisher", superuser=False)
    publisher.groups.add(Group.objects.get(name="Page publishers"))
    assert site["section"].permissions_for_user(publisher).can_publish()
    assert ArticlePage.objects.count() == 1
