"""One scheduling clock: Wagtail's go-live date schedules an article; the date readers see
is the moment it first went live, unless an editor corrects it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from masthead.news.forms import FUTURE_DATE_MESSAGE
from masthead.news.models import ArticlePage
from masthead.news.scheduling import publish_scheduled_pages
from masthead.testing.builders import make_staff

pytestmark = pytest.mark.django_db


def form(title="Clock Story", date="", go_live_at="", action="action-publish"):
    return nested_form_data({
        "title": title, "slug": title.lower().replace(" ", "-"), "standfirst": "", "date": date,
        "go_live_at": go_live_at, "lead_image_caption": "",
        "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
        "tags": "", "comments_open": "on", action: action,
    })


@pytest.fixture
def editor(client, site):
    client.force_login(make_staff("editor"))
    return client


def add_url(site):
    return f"/admin/pages/add/news/articlepage/{site['section'].pk}/"


def test_date_left_empty_becomes_the_moment_of_first_publication_and_stays(editor, site):
    opened = timezone.now()
    with freeze_time(opened + timedelta(minutes=20)):  # the form was open twenty minutes
        assert editor.post(add_url(site), form()).status_code == 302
    article = ArticlePage.objects.get(title="Clock Story")
    assert article.date == article.first_published_at == opened + timedelta(minutes=20)
    with freeze_time(opened + timedelta(days=2)):  # a later edit, date still empty in the form
        response = editor.post(f"/admin/pages/{article.pk}/edit/", form(title="Clock Story Updated"))
        assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Clock Story Updated"
    assert article.date == opened + timedelta(minutes=20)


def test_scheduled_article_shows_its_go_live_time_not_when_the_form_was_opened(editor, site, client):
    go_live = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    response = editor.post(add_url(site), form(go_live_at=go_live.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M:%S")))
    assert response.status_code == 302
    article = ArticlePage.objects.get(title="Clock Story")
    assert not article.live and article.date is None
    with freeze_time(go_live + timedelta(seconds=40)):  # the worker's clock comes round
        publish_scheduled_pages()
    article.refresh_from_db()
    assert article.live and article.date == go_live


def test_editor_may_correct_the_displayed_date_to_the_past(editor, site):
    assert editor.post(add_url(site), form(date="2021-06-11 14:30:00")).status_code == 302
    article = ArticlePage.objects.get(title="Clock Story")
    assert f"{article.date:%Y-%m-%d %H:%M}" == "2021-06-11 14:30"


def test_a_future_displayed_date_is_refused_and_the_form_points_at_the_go_live_date(editor, site):
    tomorrow = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    response = editor.post(add_url(site), form(date=tomorrow))
    assert response.status_code == 200
    assert not ArticlePage.objects.filter(title="Clock Story").exists()
    assert response.context["form"].errors["date"] == [FUTURE_DATE_MESSAGE]
    assert FUTURE_DATE_MESSAGE == (
        "This date is only what readers see. To publish the article later, leave it empty and use "
        "\u201cSet schedule\u201d in the Status side panel (its go-live date/time)."
    )


def test_the_date_field_explains_the_one_clock(editor, site):
    html = editor.get(add_url(site)).content.decode()
    assert "Leave empty: it becomes the moment the article first goes live." in html
    assert "Set schedule" in html


def test_preview_of_a_draft_without_a_date_renders(editor, site):
    from masthead.testing.builders import set_comment_settings

    set_comment_settings(close_after_days=30)  # closing counts from the date, which a draft lacks
    url = f"/admin/pages/add/news/articlepage/{site['section'].pk}/preview/"
    data = form(title="Undated Draft")
    data.pop("action-publish")
    assert editor.post(url, data).json()["is_valid"] is True
    html = editor.get(url).content.decode()
    assert "Undated Draft" in html
