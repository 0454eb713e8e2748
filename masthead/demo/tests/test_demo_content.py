import pytest
from django.core.management import call_command

from masthead.comments.models import Comment
from masthead.demo.content import LEAD_TITLE, load_demo
from masthead.fundraising.progress import current_progress
from masthead.news.models import ArticlePage, HomePage, SectionPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo()
    return ArticlePage.objects.get(title=LEAD_TITLE)


def test_demo_reproduces_the_structure_of_the_mission_page(client, demo):
    assert SectionPage.objects.live().count() == 6
    assert ArticlePage.objects.live().count() == 41
    assert demo.get_parent().title == "Syria"
    assert f"{demo.date:%Y-%m-%d}" == "2021-06-11"
    assert [b.block_type for b in demo.body].count("video") == 1
    assert len([b for b in demo.body if b.block_type == "paragraph"]) == 4
    comments = Comment.objects.filter(article=demo)
    approved_top = comments.filter(status="approved", parent=None).values_list("author_name", flat=True)
    assert list(approved_top) == ["Mohammed Mohammed", "northerntruthseeker ."]
    assert comments.filter(status="approved").exclude(parent=None).count() == 1
    assert comments.filter(status="pending").count() == 1
    progress = current_progress()
    assert (progress.goal_minor, progress.raised_minor, progress.currency) == (500000, 34000, "USD")


def test_demo_article_leads_the_home_page_and_the_other_articles_are_older(client, demo):
    response = client.get("/")
    assert response.context["lead"].article.title == LEAD_TITLE
    assert 'class="lead-story has-image"' in response.content.decode()
    assert not ArticlePage.objects.filter(date__gte=demo.date).exclude(pk=demo.pk).exists()
    assert ArticlePage.objects.filter(date__month__in=[4, 5, 6], date__year=2021).count() == 41


def test_loading_the_demo_twice_changes_nothing(capsys, demo):
    call_command("load_demo")
    assert "already has a site; nothing loaded" in capsys.readouterr().out
    assert HomePage.objects.count() == 1
    assert ArticlePage.objects.count() == 41


def test_the_demo_can_be_searched_in_arabic_with_or_without_vowel_marks(client, demo):
    for query in ("داعش", "دَاعِش", "دير الزور"):
        html = client.get("/search/", {"q": query}).content.decode()
        assert "Why The Desert Insurgency Persists" in html, query
