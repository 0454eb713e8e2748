"""One definition of "an article a reader may see" (ArticlePage.objects.readable() and
article.readable_by(request)), and every public door that must use it: the page itself,
comment posting and reporting, the comment feeds, the sitemap and the listings. An
embargoed (future-dated), unpublished, password- or login-protected article must never
leak its body, its title or its comments through any of them."""

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.comments.models import Comment
from masthead.news.models import ArticlePage
from masthead.testing.builders import make_article, make_comment

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
SECRET_BODY = "The minister's private letter says the ceasefire will collapse."


@pytest.fixture
def hidden(site):
    """Articles no anonymous reader may see, each with an approved comment."""
    section = site["section"]
    made = {
        "embargoed": make_article(section, "Embargoed scoop", date=timezone.now() + timezone.timedelta(days=2), paragraphs=(SECRET_BODY,)),
        "password": make_article(section, "Password scoop", paragraphs=(SECRET_BODY,)),
        "login": make_article(section, "Members scoop", paragraphs=(SECRET_BODY,)),
        "unpublished": make_article(section, "Withdrawn scoop", paragraphs=(SECRET_BODY,)),
    }
    PageViewRestriction.objects.create(page=made["password"], restriction_type=PageViewRestriction.PASSWORD, password="letmein")
    PageViewRestriction.objects.create(page=made["login"], restriction_type=PageViewRestriction.LOGIN)
    for article in made.values():
        make_comment(article, f"Comment on {article.title} by an insider.", email=f"{article.slug}@example.org")
    made["unpublished"].unpublish()
    return made


def post_comment(client, article, **extra):
    data = {"author": "Prober", "email": "probe@example.org", "comment": "x", "article": str(article.pk)}
    return client.post("/comments/post/", data, **ORIGIN, **extra)


def test_readable_articles_are_live_dated_and_unrestricted(site, hidden):
    assert list(ArticlePage.objects.readable()) == [site["article"]]


def test_a_restriction_on_a_section_hides_its_articles_too(site, hidden):
    PageViewRestriction.objects.create(page=site["section"], restriction_type=PageViewRestriction.LOGIN)
    assert list(ArticlePage.objects.readable()) == []


@pytest.mark.parametrize("which", ["embargoed", "password", "login", "unpublished"])
def test_posting_a_comment_never_reveals_an_article_the_reader_may_not_see(client, hidden, which):
    article = hidden[which]
    response = post_comment(client, article)
    assert response.status_code == 400
    assert response.content.decode() == "This comment does not name a published article."
    assert response["Cache-Control"] == "private, no-store"
    assert Comment.objects.filter(author_email="probe@example.org").count() == 0


def test_a_reader_who_passed_the_password_may_comment(client, hidden):
    article = hidden["password"]
    restriction = PageViewRestriction.objects.get(page=article)
    client.post(f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/", {"password": "letmein", "return_url": article.url})
    page = client.get(article.url)
    assert SECRET_BODY in page.content.decode()
    assert {"private", "no-store"} <= {t.strip() for t in page["Cache-Control"].split(",")}  # never kept by a shared cache
    assert post_comment(client, article, HTTP_USER_AGENT="x").status_code == 303


@pytest.mark.parametrize("which", ["embargoed", "password", "login", "unpublished"])
def test_the_page_itself_is_refused(client, hidden, which):
    response = client.get(hidden[which].url)
    assert response.status_code in {"embargoed": (404,), "unpublished": (404,), "password": (200,), "login": (302,)}[which]
    assert SECRET_BODY not in response.content.decode()


@pytest.mark.parametrize("which", ["embargoed", "password", "login", "unpublished"])
def test_reporting_a_comment_of_a_hidden_article_is_a_404(client, hidden, which):
    comment = Comment.objects.get(article=hidden[which])
    assert client.get(f"/comments/{comment.pk}/report/").status_code == 404
    assert client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"}, **ORIGIN).status_code == 404


def test_comment_feeds_name_no_hidden_article(client, site, hidden):
    make_comment(site["article"], "A public comment on the public story.")
    site_feed = client.get("/comments/feed/").content.decode()
    assert "A public comment on the public story." in site_feed
    assert "scoop" not in site_feed
    for article in hidden.values():
        assert client.get(f"/comments/feed/{article.pk}/").status_code == 404


def test_sitemap_and_listings_name_no_hidden_article(client, site, hidden):
    pages = [client.get(url).content.decode() for url in ("/sitemap.xml", "/", site["section"].url, f"/{timezone.now():%Y}/", f"/{timezone.now():%Y/%m}/")]
    for html in pages:
        assert "scoop" not in html
    assert site["article"].slug in pages[0]


@pytest.mark.parametrize("article_id", ["9" * 25, "-1", "1e3", "０１", ""])
def test_a_malformed_article_id_is_a_400_not_a_500(client, site, article_id):
    response = client.post("/comments/post/", {"author": "A", "email": "a@example.org", "comment": "x", "article": article_id}, **ORIGIN)
    assert response.status_code == 400


def test_a_huge_feed_id_and_year_zero_are_404s(client, site):
    assert client.get("/comments/feed/" + "9" * 25 + "/").status_code == 404
    assert client.get("/0000/").status_code == 404
